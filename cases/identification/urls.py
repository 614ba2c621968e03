from django.urls import path

from . import views

app_name = "identification"
urlpatterns = [
    path("identification/catalogue/", views.catalogue, name="catalogue"),
    path("identification/catalogue/indicators/new/", views.indicator_edit, name="indicator_create"),
    path("identification/catalogue/indicators/<int:indicator_id>/", views.indicator_edit, name="indicator_edit"),
    path("cases/<int:case_id>/identification/", views.case_identification, name="case"),
    path("cases/<int:case_id>/identification/checklist/", views.checklist_save, name="checklist"),
    path("cases/<int:case_id>/identification/assessment/", views.assessment_create, name="assess"),
]
