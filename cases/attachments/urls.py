from django.urls import path

from . import views

app_name = "caseattachments"
urlpatterns = [
    path("", views.attachments_page, name="list"),
    path("<str:compartment>/new/", views.upload, name="upload"),
    path("<int:attachment_id>/download/", views.download, name="download"),
    path("<int:attachment_id>/delete/", views.delete, name="delete"),
]
