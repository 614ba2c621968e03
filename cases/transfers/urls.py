from django.urls import path

from . import views

app_name = "casetransfers"
urlpatterns = [
    path("transfers/", views.incoming_list, name="incoming_list"),
    path("transfers/<int:incoming_id>/", views.incoming_detail, name="incoming"),
    path("cases/<int:case_id>/transfer/", views.case_transfer, name="case"),
]
