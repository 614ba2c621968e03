from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    path("", views.operation_list, name="list"),
    path("new/", views.operation_create, name="create"),
    path("<int:operation_id>/", views.operation_detail, name="detail"),
    path("<int:operation_id>/edit/", views.operation_edit, name="edit"),
    path("<int:operation_id>/announce/", views.operation_announce, name="announce"),
    path("<int:operation_id>/answer/", views.operation_answer, name="answer"),
    path("<int:operation_id>/cancel/", views.operation_cancel, name="cancel"),
    path("<int:operation_id>/carried-out/", views.operation_carried_out, name="carried_out"),
]
