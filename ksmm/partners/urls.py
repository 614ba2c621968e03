from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("print/", views.directory_pdf, name="directory_pdf"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("<int:organisation_id>/", views.organisation_detail, name="organisation"),
    path("<int:organisation_id>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<int:organisation_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:contact_id>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:contact_id>/vcard/", views.contact_vcard_download, name="contact_vcard"),
    path("federal/<int:partner_id>/", views.federal_partner_detail, name="federal_partner"),
]
