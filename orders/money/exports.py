"""A payout run as a payroll file (CSV or XLSX): one row per payout, with what a bank's or
a payroll service's bulk upload needs, headed in the coordinator's language.

orders/spreadsheets.py writes it: phone and account numbers stay text, amounts numbers, and
a name typed as "=HYPERLINK(…)" never becomes a formula.
"""

from collections.abc import Iterable, Iterator

from django.utils.translation import pgettext

from orders.models import Payout, PayoutRun, Rail

WIDTHS = (6, 14, 14, 14, 20, 14, 24, 12, 8, 22, 10, 28)


def header() -> list[str]:
    """The column names in the active language (序号, 姓名, 手机号 … in Chinese)."""
    return [
        pgettext("payroll file", "No."),
        pgettext("payroll file", "Name"),
        pgettext("payroll file", "Mobile phone"),
        pgettext("payroll file", "Paid by"),
        pgettext("payroll file", "Bank"),
        pgettext("payroll file", "Account holder"),
        pgettext("payroll file", "Account or payee ID"),
        pgettext("payroll file", "Amount"),
        pgettext("payroll file", "Currency"),
        pgettext("payroll file", "Payout number"),
        pgettext("payroll file", "Status"),
        pgettext("payroll file", "Payment reference"),
    ]


def rows(payouts: Iterable[Payout]) -> Iterator[list]:
    """One row per payout (fetched with ``way`` and ``mother__user``), numbered from 1, as
    they are read."""
    return (
        [
            number,
            payout.mother.person_name,
            payout.mother.user.username,
            payout.way,
            payout.bank_name,
            payout.account_name,
            payout.destination if payout.rail == Rail.STRIPE else payout.account_number,
            payout.amount,
            payout.currency,
            payout.idempotency_key,
            payout.get_status_display(),
            payout.reference or payout.transfer_id,
        ]
        for number, payout in enumerate(payouts, start=1)
    )


def filename(run: PayoutRun, extension: str) -> str:
    return f"payout-run-{run.pk}.{extension}"
