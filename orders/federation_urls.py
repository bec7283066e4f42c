"""The women's federation's overview; the project mounts it at /federation/."""

from django.urls import path, register_converter

from orders import federation_views as views


class TableFormat:
    """The export's format: what follows ``export.`` in its address."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TableFormat, "federation_table")

urlpatterns = [
    path("", views.federation, name="federation"),
    path("export.<federation_table:format>", views.federation_export, name="federation_export"),
]
