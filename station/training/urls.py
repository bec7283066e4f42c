from django.urls import path

from station.training import views

urlpatterns = [
    path("courses/<int:pk>/join/", views.course_join, name="course_join"),
    path("courses/<int:pk>/cancel/", views.course_cancel, name="course_cancel"),
    path("courses/<int:pk>/roll/", views.course_roll, name="course_roll"),
]
