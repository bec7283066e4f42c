"""Fair work's addresses (mounted by orders.urls, inside the language prefix)."""

from django.urls import path

from orders.fairwork.views import timing

timing_urlpatterns = [
    path("", timing.timing_list, name="co_timing"),
    path("<id:product_id>/", timing.timing_product, name="co_timing_product"),
    path(
        "<id:product_id>/samples/<id:sample_id>/remove/",
        timing.timing_sample_remove,
        name="co_timing_sample_remove",
    ),
]
