from django.urls import path

from station.rights import views

urlpatterns = [
    path("requests/", views.rights_request_list, name="station_rights_requests"),
    path("requests/<int:request_id>/", views.rights_request_detail, name="station_rights_request"),
]
