from django.urls import path

from .views import residence, review

app_name = "permits"
urlpatterns = [
    path("review/", review.queue, name="queue"),
    path("review/reflection/<int:period_id>/", review.reflection_decide, name="reflection_decide"),
    path("review/reflection/<int:period_id>/end/", review.reflection_end, name="reflection_end"),
    path("review/permits/<int:request_id>/", review.permit_decide, name="permit_decide"),
    path("review/extensions/<int:extension_id>/", review.extension_decide, name="extension_decide"),
    path("cases/<int:case_id>/", residence.case_residence, name="case"),
    path("cases/<int:case_id>/reflection/new/", residence.reflection_request, name="reflection_request"),
    path("cases/<int:case_id>/stay/new/", residence.stay_record, name="stay_record"),
    path("cases/<int:case_id>/permits/new/", residence.permit_request, name="permit_request"),
    path("cases/<int:case_id>/federal/new/", review.federal_decision, name="federal_decision"),
    path("reflection/<int:period_id>/presence/", residence.presence_notice, name="presence_notice"),
    path("reflection/<int:period_id>/extend/", residence.extension_request, name="extension_request"),
    path("permits/<int:request_id>/", residence.permit_detail, name="permit"),
    path("permits/<int:request_id>/renew/", residence.permit_renew, name="permit_renew"),
    path("permits/<int:request_id>/documents/", residence.permit_document_add, name="permit_document_add"),
    path("permits/<int:request_id>/letter.pdf", residence.permit_letter, name="permit_letter"),
]
