from django.urls import path

from . import views

app_name = "permits"
urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/reflection/<int:period_id>/", views.reflection_decide, name="reflection_decide"),
    path("review/reflection/<int:period_id>/end/", views.reflection_end, name="reflection_end"),
    path("review/permits/<int:request_id>/", views.permit_decide, name="permit_decide"),
    path("cases/<int:case_id>/", views.case_residence, name="case"),
    path("cases/<int:case_id>/reflection/new/", views.reflection_request, name="reflection_request"),
    path("cases/<int:case_id>/stay/new/", views.stay_record, name="stay_record"),
    path("cases/<int:case_id>/permits/new/", views.permit_request, name="permit_request"),
    path("cases/<int:case_id>/federal/new/", views.federal_decision, name="federal_decision"),
    path("reflection/<int:period_id>/presence/", views.presence_notice, name="presence_notice"),
    path("permits/<int:request_id>/", views.permit_detail, name="permit"),
    path("permits/<int:request_id>/renew/", views.permit_renew, name="permit_renew"),
    path("permits/<int:request_id>/documents/", views.permit_document_add, name="permit_document_add"),
    path("permits/<int:request_id>/letter.pdf", views.permit_letter, name="permit_letter"),
]
