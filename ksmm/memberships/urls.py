from django.urls import path

from . import views

app_name = "memberships"
urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<int:membership_id>/", views.edit, name="edit"),
    path("people/<int:membership_id>/active/", views.set_active, name="set_active"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
