"""The coordinator's production workspace; the project mounts it at /co/orders/."""

from django.urls import path

from orders import coordinator_views as views

urlpatterns = [
    path("", views.order_list, name="co_orders"),
    path("new/", views.order_new, name="co_order_new"),
    path("reasons/", views.reasons, name="co_reasons"),
    path("<int:order_id>/", views.order_detail, name="co_order"),
    path("<int:order_id>/<slug:action>/", views.order_action, name="co_order_action"),
    path(
        "<int:order_id>/claims/<int:claim_id>/handover/",
        views.handover_new,
        name="co_handover_new",
    ),
    path("<int:order_id>/handovers/<int:handover_id>/inspect/", views.inspect, name="co_inspect"),
    path(
        "<int:order_id>/inspections/<int:inspection_id>/correct/",
        views.correct,
        name="co_correct",
    ),
]
