"""Fair work's addresses (mounted by orders.urls, inside the language prefix): the
coordinator's materials at /co/materials/."""

from django.urls import path

from orders.fairwork.views import materials

materials_urlpatterns = [
    path("", materials.materials_page, name="co_materials"),
    path("claims/<id:claim_id>/", materials.kit_page, name="co_kit"),
    path(
        "export/<slug:table>.<table_format:fmt>",
        materials.materials_export,
        name="co_materials_export",
    ),
]
