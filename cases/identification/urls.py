from django.urls import path

from . import views

app_name = "identification"
urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/indicators/new/", views.indicator_edit, name="indicator_create"),
    path("catalogue/indicators/<int:indicator_id>/", views.indicator_edit, name="indicator_edit"),
]
