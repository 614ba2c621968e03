from django.urls import path

from .agreements import views
from .meetings import views as meeting_views
from .round_tables import views as round_table_views

app_name = "roundtables"
urlpatterns = [
    path("", round_table_views.round_table, name="round_table"),
    path("edit/", round_table_views.round_table_edit, name="round_table_edit"),
    path("members/new/", round_table_views.member_create, name="member_create"),
    path("members/<int:member_id>/", round_table_views.member_edit, name="member_edit"),
    path("members/<int:member_id>/remove/", round_table_views.member_remove, name="member_remove"),
    path("meetings/", meeting_views.meeting_list, name="meetings"),
    path("meetings/new/", meeting_views.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/approve/", meeting_views.meeting_approve, name="meeting_approve"),
    path("meetings/<int:meeting_id>/pdf/", meeting_views.meeting_pdf, name="meeting_pdf"),
    path("meetings/<int:meeting_id>/<str:kind>/new/", meeting_views.meeting_part, name="meeting_part_create"),
    path("meetings/<int:meeting_id>/<str:kind>/<int:part_id>/", meeting_views.meeting_part, name="meeting_part"),
    path(
        "meetings/<int:meeting_id>/<str:kind>/<int:part_id>/delete/",
        meeting_views.meeting_part_delete,
        name="meeting_part_delete",
    ),
    path("action-items/<int:action_item_id>/status/", meeting_views.action_item_status, name="action_item_status"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/new/starter/", views.agreement_start, name="agreement_start"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:agreement_id>/pdf/", views.agreement_pdf_download, name="agreement_pdf"),
    path("agreements/<int:agreement_id>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:agreement_id>/editor/", views.agreement_editor, name="agreement_editor"),
    path("agreements/<int:agreement_id>/matrix/", views.agreement_matrix, name="agreement_matrix"),
    path("agreements/<int:agreement_id>/adopt/", views.agreement_adopt, name="agreement_adopt"),
    path("agreements/<int:agreement_id>/new-version/", views.agreement_new_version, name="agreement_new_version"),
    path("agreements/<int:agreement_id>/<str:kind>/new/", views.agreement_part, name="agreement_part_create"),
    path("agreements/<int:agreement_id>/<str:kind>/<int:part_id>/", views.agreement_part, name="agreement_part"),
]
