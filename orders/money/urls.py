"""Money's addresses (mounted by orders.urls, inside the language prefix): the coordinator's
payouts at /co/payouts/ and payslips at /co/payslips/; the mother's money at /work/money/ and
payslips at /work/payslips/; prepared files (a run's payslip zip …) at /files/<id>/."""

import datetime

from django.urls import path, register_converter

from orders.money.views import mine, payouts, payslips, prepared


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
    path("money/", mine.work_money, name="work_money"),
    path(
        "money/payouts/<id:payout_id>/received/",
        mine.payout_received,
        name="work_payout_received",
    ),
    path(
        "money/payouts/<id:payout_id>/problem/",
        mine.payout_problem,
        name="work_payout_problem",
    ),
]

payout_urlpatterns = [
    path("", payouts.run_list, name="co_payouts"),
    path("preview/", payouts.run_preview, name="co_payout_preview"),
    path("<id:run_id>/", payouts.run_detail, name="co_payout_run"),
    path("<id:run_id>/resume/", payouts.run_resume, name="co_payout_resume"),
    path("<id:run_id>/export.<table_format:format>", payouts.run_export, name="co_payout_export"),
    path("<id:run_id>/export/prepare/", payouts.run_export_prepare, name="co_payout_prepare"),
    path("<id:run_id>/payouts/<id:payout_id>/paid/", payouts.payout_paid, name="co_payout_paid"),
    path(
        "<id:run_id>/payouts/<id:payout_id>/failed/",
        payouts.payout_failed,
        name="co_payout_failed",
    ),
    path("mothers/<id:membership_id>/", payouts.mother_ledger, name="co_mother_ledger"),
    path("mothers/<id:membership_id>/details/", payouts.payout_details, name="co_payout_details"),
    path(
        "mothers/<id:membership_id>/details/holder/",
        payouts.holder_confirm,
        name="co_payout_holder",
    ),
    path(
        "mothers/<id:membership_id>/details/stripe/",
        payouts.stripe_setup,
        name="co_payout_stripe",
    ),
]

payslip_mother_urlpatterns = [
    path("", payslips.work_payslips, name="work_payslips"),
    path("<id:cooperative_id>/<month:month>/", payslips.work_payslip, name="work_payslip"),
    path(
        "<id:cooperative_id>/<month:month>/pdf/",
        payslips.work_payslip_pdf,
        name="work_payslip_pdf",
    ),
]

payslip_coordinator_urlpatterns = [
    path("", payslips.co_payslips, name="co_payslips"),
    path("<id:membership_id>/<month:month>/", payslips.co_payslip, name="co_payslip"),
    path("<id:membership_id>/<month:month>/pdf/", payslips.co_payslip_pdf, name="co_payslip_pdf"),
    path("runs/<id:run_id>/<id:membership_id>/", payslips.co_run_payslip, name="co_run_payslip"),
    path(
        "runs/<id:run_id>/<id:membership_id>/pdf/",
        payslips.co_run_payslip_pdf,
        name="co_run_payslip_pdf",
    ),
    path("runs/<id:run_id>/all.zip", payslips.co_run_payslips_zip, name="co_run_payslips_zip"),
]

prepared_urlpatterns = [
    path("<id:prepared_id>/", prepared.prepared_page, name="prepared_page"),
    path("<id:prepared_id>/status.json", prepared.prepared_status, name="prepared_status"),
    path("<id:prepared_id>/download/", prepared.prepared_download, name="prepared_download"),
    path("<id:prepared_id>/retry/", prepared.prepared_retry, name="prepared_retry"),
]
