"""A payout run's payroll file as Excel (orders.money.exports), made as a prepared file on a
worker: openpyxl takes some milliseconds a row, so a city-sized run would keep a request
waiting for seconds. The CSV, quick to write, stays a direct download."""

from collections.abc import Callable
from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _

from orders import spreadsheets
from orders.models import PayoutRun
from orders.money import exports
from orders.money.selectors.payouts import payouts_of_run


def payroll_title(run: PayoutRun) -> str:
    # A sheet's title may not hold a colon.
    return _("Payout run %(cutoff)s") % {
        "cutoff": f"{timezone.localtime(run.cutoff):%Y-%m-%d %H.%M}"
    }


def payroll_xlsx_write(*, params: dict, out: BinaryIO, progress: Callable[[int, int], None]) -> str:
    """Write the payroll file of run ``params["run_id"]`` into ``out``, counting payouts."""
    run = PayoutRun.objects.get(pk=params["run_id"])
    payouts = payouts_of_run(run)
    progress(0, len(payouts))
    spreadsheets.xlsx_write(
        exports.header(),
        exports.rows(payouts),
        out=out,
        title=payroll_title(run),
        widths=exports.WIDTHS,
    )
    progress(len(payouts), len(payouts))
    return exports.filename(run, "xlsx")
