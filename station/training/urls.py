from django.urls import path

from station.training import views

urlpatterns = [
    path("courses/<int:course_id>/join/", views.course_join, name="course_join"),
    path("courses/<int:course_id>/cancel/", views.course_cancel, name="course_cancel"),
    path("courses/<int:course_id>/roll/", views.course_roll, name="course_roll"),
]
