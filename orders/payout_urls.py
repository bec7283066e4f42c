"""The coordinator's payouts; the project mounts them at /co/payouts/."""

from django.urls import path, register_converter

from orders import payout_views as views


class ExportFormat:
    """The payroll file's format: what follows ``export.`` in its address."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "payroll")

urlpatterns = [
    path("", views.run_list, name="co_payouts"),
    path("preview/", views.run_preview, name="co_payout_preview"),
    path("<int:run_id>/", views.run_detail, name="co_payout_run"),
    path("<int:run_id>/resume/", views.run_resume, name="co_payout_resume"),
    path("<int:run_id>/export.<payroll:format>", views.run_export, name="co_payout_export"),
    path("<int:run_id>/payouts/<int:payout_id>/paid/", views.payout_paid, name="co_payout_paid"),
    path(
        "<int:run_id>/payouts/<int:payout_id>/failed/",
        views.payout_failed,
        name="co_payout_failed",
    ),
    path("mothers/<int:membership_id>/", views.mother_ledger, name="co_mother_ledger"),
    path("mothers/<int:membership_id>/details/", views.payout_details, name="co_payout_details"),
    path(
        "mothers/<int:membership_id>/details/stripe/",
        views.stripe_setup,
        name="co_payout_stripe",
    ),
]
