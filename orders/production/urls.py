"""Production's addresses: the mother's work at /work/ and the coordinator's production
workspace at /co/orders/ (both mounted by orders.urls, inside the language prefix)."""

from django.urls import path

from orders.production.views import coordinator, mine, work

mother_urlpatterns = [
    path("", work.work_open, name="work_open"),
    path("orders/<id:order_id>/", work.work_order, name="work_order"),
    path("mine/", mine.work_mine, name="work_mine"),
    path("claims/<id:claim_id>/", mine.work_claim, name="work_claim"),
]

coordinator_urlpatterns = [
    path("", coordinator.order_list, name="co_orders"),
    path("new/", coordinator.order_new, name="co_order_new"),
    path("reasons/", coordinator.reasons, name="co_reasons"),
    path("<id:order_id>/", coordinator.order_detail, name="co_order"),
    path("<id:order_id>/<slug:action>/", coordinator.order_action, name="co_order_action"),
    path(
        "<id:order_id>/claims/<id:claim_id>/handover/",
        coordinator.handover_new,
        name="co_handover_new",
    ),
    path(
        "<id:order_id>/handovers/<id:handover_id>/inspect/",
        coordinator.inspect,
        name="co_inspect",
    ),
    path(
        "<id:order_id>/inspections/<id:inspection_id>/correct/",
        coordinator.correct,
        name="co_correct",
    ),
]
