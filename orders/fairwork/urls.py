"""Fair work's addresses (mounted by orders.urls, inside the language prefix): a mother's
reported time under /work/, the coordinator's materials at /co/materials/ and standard times
at /co/timing/."""

from django.urls import path

from orders.fairwork.views import materials, reported, timing

mother_urlpatterns = [
    path(
        "handovers/<id:handover_id>/time/",
        reported.work_handover_time,
        name="work_handover_time",
    ),
]

materials_urlpatterns = [
    path("", materials.materials_page, name="co_materials"),
    path("claims/<id:claim_id>/", materials.kit_page, name="co_kit"),
    path(
        "export/<slug:table>.<table_format:fmt>",
        materials.materials_export,
        name="co_materials_export",
    ),
]

timing_urlpatterns = [
    path("", timing.timing_list, name="co_timing"),
    path("<id:product_id>/", timing.timing_product, name="co_timing_product"),
    path(
        "<id:product_id>/samples/<id:sample_id>/remove/",
        timing.timing_sample_remove,
        name="co_timing_sample_remove",
    ),
]
