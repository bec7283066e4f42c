"""Every payslip of a payout run, one PDF each, in a zip: a prepared file
(orders.money.services.prepared), made on a worker because each PDF takes about a second."""

import zipfile
from collections.abc import Callable
from typing import BinaryIO

from marketplace.models import Membership
from orders.models import PayoutRun
from orders.money.pdf import filename, payslip_pdf
from orders.money.selectors.payslips import run_payslip_build


def run_mothers(run: PayoutRun):
    """The mothers ``run`` paid, in the order of their payslips in the zip."""
    return (
        Membership.objects.filter(payouts__run=run)
        .select_related("user", "cooperative")
        .distinct()
        .order_by("user__first_name", "pk")
    )


def payslips_zip_write(*, params: dict, out: BinaryIO, progress: Callable[[int, int], None]) -> str:
    """Write the zip of run ``params["run_id"]`` into ``out``, counting each payslip; returns
    the file's name. The PDFs are compressed already, so the zip only stores them."""
    run = PayoutRun.objects.get(pk=params["run_id"])
    mothers = list(run_mothers(run))
    progress(0, len(mothers))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for done, mother in enumerate(mothers, start=1):
            payslip = run_payslip_build(run=run, mother=mother)
            archive.writestr(filename(payslip, run_id=run.pk), payslip_pdf(payslip))
            progress(done, len(mothers))
    return f"payslips-run{run.pk}.zip"
