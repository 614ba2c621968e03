from django.urls import path

from . import closing_views, views

app_name = "casesteps"
urlpatterns = [
    path("", views.steps_page, name="steps"),
    path("close/", closing_views.close_page, name="close"),
    path("withdraw/", closing_views.withdraw_page, name="withdraw"),
    path("kesb/<int:step_id>/referral/", views.kesb_referral, name="kesb_referral"),
    path("<str:kind>/new/", views.step_edit, name="step_create"),
    path("<str:kind>/<int:step_id>/", views.step_edit, name="step_edit"),
]
