"""The publishing page of the federal statistics, on the bare host only (config/urls_federal.py)."""

from django.urls import path

from . import publishing

app_name = "statistics_publishing"
urlpatterns = [
    path("", publishing.publishing, name="publishing"),
    path("count/", publishing.count_now, name="count_now"),
    path("dashboard/", publishing.publish_dashboard, name="publish_dashboard"),
    path("open-data/", publishing.publish_open_data, name="publish_open_data"),
]
