from django.urls import path

from station.matching import views

urlpatterns = [
    path("wishes/", views.wish, name="station_wish"),
    path("wishes/close/", views.wish_close, name="station_wish_close"),
    path("desk/", views.desk, name="station_desk"),
    path(
        "desk/registrations/<id:registration_id>/",
        views.desk_registration,
        name="station_desk_registration",
    ),
    path(
        "desk/recommendations/<id:recommendation_id>/outcome/",
        views.desk_outcome,
        name="station_desk_outcome",
    ),
    path("desk/ledger.<table_format:fmt>", views.desk_ledger, name="station_desk_ledger"),
]
