from django.urls import path

from station.directory import views

urlpatterns = [
    path("positions/", views.positions_kept, name="station_positions_kept"),
    path("positions/<int:position_id>/", views.position_edit, name="station_position_edit"),
]
