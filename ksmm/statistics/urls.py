"""The statistics on either host: every canton on the bare host, one canton on its own host."""

from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:table>.<str:file_format>", views.export, name="export"),
    path("report/<int:year>/<str:language>/", views.report, name="report"),
]
