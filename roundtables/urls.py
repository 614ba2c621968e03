from django.urls import path

from . import views

app_name = "roundtables"
urlpatterns = [
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:agreement_id>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:agreement_id>/pdf/", views.agreement_pdf_download, name="agreement_pdf"),
    path("agreements/<int:agreement_id>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:agreement_id>/matrix/", views.agreement_matrix, name="agreement_matrix"),
    path("agreements/<int:agreement_id>/adopt/", views.agreement_adopt, name="agreement_adopt"),
    path("agreements/<int:agreement_id>/new-version/", views.agreement_new_version, name="agreement_new_version"),
    path("agreements/<int:agreement_id>/<str:kind>/new/", views.agreement_part, name="agreement_part_create"),
    path("agreements/<int:agreement_id>/<str:kind>/<int:part_id>/", views.agreement_part, name="agreement_part"),
]
