from django.urls import path

from . import views

app_name = "caseproceedings"
urlpatterns = [
    path("", views.proceedings_page, name="page"),
    path("new/", views.proceeding_edit, name="create"),
    path("<int:proceeding_id>/", views.proceeding_edit, name="edit"),
    path("claims/new/", views.claim_edit, name="claim_create"),
    path("claims/<int:claim_id>/", views.claim_edit, name="claim_edit"),
]
