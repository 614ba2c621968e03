from django.urls import path

from .views import assignment, case_pages, letters, lists, referrals, sharing, workload

app_name = "cases"
urlpatterns = [
    path("", lists.case_list, name="list"),
    path("new/", lists.case_intake, name="intake"),
    path("referrals/", referrals.referral_list, name="referrals"),
    path("referrals/<int:referral_id>/", referrals.referral_detail, name="referral"),
    path("referrals/<int:referral_id>/letter.pdf", letters.referral_letter, name="referral_letter"),
    path("referrals/<int:referral_id>/dispatch/", letters.referral_dispatch, name="referral_dispatch"),
    path("referrals/<int:referral_id>/answer/", letters.referral_outcome, name="referral_outcome"),
    path("<int:case_id>/", case_pages.case_detail, name="detail"),
    path("<int:case_id>/identity/", case_pages.case_identity, name="identity"),
    path("<int:case_id>/counselling/", case_pages.case_counselling, name="counselling"),
    path("<int:case_id>/investigation/", case_pages.case_investigation, name="investigation"),
    path("<int:case_id>/consents/", sharing.case_consents, name="consents"),
    path("<int:case_id>/consents/<int:consent_id>/revoke/", sharing.consent_revoke, name="consent_revoke"),
    path("<int:case_id>/grants/", sharing.case_grants, name="grants"),
    path("<int:case_id>/summary.pdf", case_pages.case_summary, name="summary_pdf"),
    path("<int:case_id>/refer/", referrals.referral_create, name="referral_create"),
    path("<int:case_id>/assignment/", assignment.case_assignment, name="assignment"),
    path("workload/", workload.workload, name="workload"),
]
