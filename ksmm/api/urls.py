"""The person's pages about the systems acting for them (under /accounts/connected-systems/)."""

from django.urls import path

from . import pages

app_name = "api_pages"
urlpatterns = [
    path("", pages.connections, name="connections"),
    path("<int:client_id>/revoke/", pages.revoke_connection, name="revoke_connection"),
]
