from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.my_deadlines, name="mine"),
    path("canton/", views.canton_overview, name="canton"),
    path("rules/", views.rules, name="rules"),
    path("rules/<str:key>/new/", views.rule_new_version, name="rule_new_version"),
]
