from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:notice_id>/new-version/", views.version_new, name="version_new"),
    path("versions/<int:version_id>/", views.version_detail, name="version"),
    path("versions/<int:version_id>/publish/", views.version_publish, name="version_publish"),
    path("versions/<int:version_id>/texts/new/", views.text_edit, name="text_create"),
    path("versions/<int:version_id>/texts/<str:language>/", views.text_edit, name="text_edit"),
    path("texts/<int:text_id>/confirm/", views.text_confirm, name="text_confirm"),
    path("texts/<int:text_id>/pdf/", views.text_pdf, name="text_pdf"),
    path("cases/<int:case_id>/", views.case_notices, name="case"),
]
