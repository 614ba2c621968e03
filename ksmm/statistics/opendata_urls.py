"""Open data of the federal statistics, on the bare host only (config/urls_federal.py)."""

from django.urls import path

from . import opendata_views as views

app_name = "open_data"
urlpatterns = [
    path("", views.open_data, name="open_data"),
    path("<int:release_id>/", views.open_data_dictionary, name="open_data_dictionary"),
    path("<int:release_id>/dictionary.json", views.open_data_dictionary_json, name="open_data_dictionary_json"),
    path("<int:release_id>/data.<str:fmt>", views.open_data_cells, name="open_data_cells"),
]
