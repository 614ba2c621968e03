from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("<slug:code>/", views.contact, name="contact"),
]
