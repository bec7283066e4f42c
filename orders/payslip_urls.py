"""Payslips: the project mounts ``mother_urlpatterns`` at /work/payslips/ and
``coordinator_urlpatterns`` at /co/payslips/ (inside the language prefix)."""

import datetime

from django.urls import path, register_converter

from orders import payslip_views as views


class MonthConverter:
    """yyyy-mm, e.g. 2026-01; anything else is not found (the view also refuses 2026-13 and
    months not yet begun)."""

    regex = "[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return str(value)


register_converter(MonthConverter, "month")

mother_urlpatterns = [
    path("", views.work_payslips, name="work_payslips"),
    path("<int:cooperative_id>/<month:month>/", views.work_payslip, name="work_payslip"),
    path(
        "<int:cooperative_id>/<month:month>/pdf/",
        views.work_payslip_pdf,
        name="work_payslip_pdf",
    ),
]

coordinator_urlpatterns = [
    path("", views.co_payslips, name="co_payslips"),
    path("<int:membership_id>/<month:month>/", views.co_payslip, name="co_payslip"),
    path("<int:membership_id>/<month:month>/pdf/", views.co_payslip_pdf, name="co_payslip_pdf"),
    path("runs/<int:run_id>/<int:membership_id>/", views.co_run_payslip, name="co_run_payslip"),
    path(
        "runs/<int:run_id>/<int:membership_id>/pdf/",
        views.co_run_payslip_pdf,
        name="co_run_payslip_pdf",
    ),
    path("runs/<int:run_id>/all.zip", views.co_run_payslips_zip, name="co_run_payslips_zip"),
]
