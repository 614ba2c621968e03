from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_intake, name="intake"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/identity/", views.case_identity, name="identity"),
    path("<int:case_id>/counselling/", views.case_counselling, name="counselling"),
    path("<int:case_id>/investigation/", views.case_investigation, name="investigation"),
    path("<int:case_id>/consents/", views.case_consents, name="consents"),
    path("<int:case_id>/consents/<int:consent_id>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("<int:case_id>/grants/", views.case_grants, name="grants"),
    path("<int:case_id>/summary.pdf", views.case_summary, name="summary_pdf"),
    path("<int:case_id>/refer/", views.referral_create, name="referral_create"),
]
