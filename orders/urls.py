"""The mother's side; the project mounts it at /work/ (inside the language prefix)."""

from django.urls import path

from orders import views

urlpatterns = [
    path("", views.work_open, name="work_open"),
    path("orders/<int:order_id>/", views.work_order, name="work_order"),
    path("mine/", views.work_mine, name="work_mine"),
]
