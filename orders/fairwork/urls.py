"""Fair work's addresses (mounted by orders.urls, inside the language prefix)."""

from django.urls import path

from orders.fairwork.views import reported

mother_urlpatterns = [
    path(
        "handovers/<id:handover_id>/time/",
        reported.work_handover_time,
        name="work_handover_time",
    ),
]
