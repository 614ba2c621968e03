from django.urls import path

from . import views

app_name = "federal"
urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<int:user_id>/revoke/", views.revoke, name="revoke"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("cantons/", views.cantons, name="cantons"),
    path("cantons/onboard/", views.onboard, name="onboard"),
]
