from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="mark_read"),
    path("email/", views.inbox_email, name="inbox_email"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/new/", views.calendar_open, name="calendar_open"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed_view, name="calendar_feed"),
]
