"""Tallies: summary rows the dashboards, the federation and a mother's pages read instead of
every handover, inspection and ledger entry.

Each table holds two grains: a **day** row per China day (Asia/Shanghai) and a **month** row
per China month, both written in the same transaction as the record that changes them
(orders/reporting/tallies/). A range is read as its whole months from month rows and its
partial months at either end from day rows, so a year is a dozen rows per key, not 365.

``day`` is the first day of the row's period (the China date of a day row, the 1st of a month
row); ``month`` is the first of its month for both grains, so grouping by month is one column.
Nothing here is a source of truth: ``manage.py rebuild_rollups`` recomputes every row from
the records and reports any difference.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.money import MoneyField


class Grain(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


def _grain_field():
    return models.CharField(_("grain"), max_length=5, choices=Grain.choices)


def _count(label: str):
    return models.PositiveIntegerField(label, default=0)


def _money(label: str):
    return MoneyField(label, default=0)


def _month_is_first(prefix: str) -> list[models.CheckConstraint]:
    """A month row starts on the 1st: its ``day`` is its ``month`` (a day row's ``month`` is
    the 1st of its day's month, which the writer alone knows how to compute)."""
    return [
        models.CheckConstraint(
            condition=~Q(grain=Grain.MONTH) | Q(day=models.F("month")),
            name=f"{prefix}_month_row_on_first",
        )
    ]


class WorkTally(models.Model):
    """One mother's work on one order in one period: pieces of the handovers **received** in
    it, each counted by its current result (the latest of its correction chain)."""

    cooperative = models.ForeignKey(
        "marketplace.Cooperative", on_delete=models.CASCADE, related_name="+"
    )
    order = models.ForeignKey("orders.ProductionOrder", on_delete=models.CASCADE, related_name="+")
    mother = models.ForeignKey("marketplace.Membership", on_delete=models.CASCADE, related_name="+")
    grain = _grain_field()
    day = models.DateField(_("from"))
    month = models.DateField(_("month"))
    handed = _count(_("pieces handed over"))
    # Pieces received on or before the order's due date (a due date never changes).
    on_time = _count(_("handed over on time"))
    inspected = _count(_("inspected"))
    accepted = _count(_("accepted"))
    rejected = _count(_("rejected"))

    class Meta:
        verbose_name = _("work tally")
        verbose_name_plural = _("work tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "mother", "grain", "day"], name="work_tally_once"
            ),
            *_month_is_first("work_tally"),
        ]
        indexes = [
            models.Index(fields=["cooperative", "grain", "day"], name="work_tally_coop"),
            models.Index(fields=["mother", "grain", "day"], name="work_tally_mother"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.mother_id} {self.grain} {self.day}"


class MotherTally(models.Model):
    """One mother's period, all orders together: her work (as in :class:`WorkTally`) and the
    ledger entries **recorded** in it, each kind's signed sum as stored."""

    cooperative = models.ForeignKey(
        "marketplace.Cooperative", on_delete=models.CASCADE, related_name="+"
    )
    mother = models.ForeignKey("marketplace.Membership", on_delete=models.CASCADE, related_name="+")
    grain = _grain_field()
    day = models.DateField(_("from"))
    month = models.DateField(_("month"))
    handed = _count(_("pieces handed over"))
    accepted = _count(_("accepted"))
    # A day row: 1 if she handed anything over that day; a month row: how many days she did.
    handover_days = _count(_("days with a handover"))
    earning = _money(_("earnings"))
    adjustment = _money(_("adjustments"))
    payout = _money(_("payouts"))
    reversal = _money(_("reversals"))
    # Earning and adjustment entries: all of them, and those that credited her (amount > 0).
    earned_entries = _count(_("earning and adjustment entries"))
    credits = _count(_("credits"))

    class Meta:
        verbose_name = _("mother tally")
        verbose_name_plural = _("mother tallies")
        constraints = [
            models.UniqueConstraint(fields=["mother", "grain", "day"], name="mother_tally_once"),
            *_month_is_first("mother_tally"),
        ]
        indexes = [
            models.Index(fields=["cooperative", "grain", "day"], name="mother_tally_coop"),
            # The federation reads a range of every cooperative's rows: without it, each of
            # its queries scanned the whole table at a city's size (bench/README.md).
            models.Index(fields=["grain", "day"], name="mother_tally_period"),
        ]

    def __str__(self) -> str:
        return f"{self.mother_id} {self.grain} {self.day}"


class RejectionTally(models.Model):
    """Pieces of one order rejected for one reason, by the current results of the handovers
    received in the period."""

    cooperative = models.ForeignKey(
        "marketplace.Cooperative", on_delete=models.CASCADE, related_name="+"
    )
    order = models.ForeignKey("orders.ProductionOrder", on_delete=models.CASCADE, related_name="+")
    reason = models.ForeignKey("orders.RejectionReason", on_delete=models.CASCADE, related_name="+")
    grain = _grain_field()
    day = models.DateField(_("from"))
    month = models.DateField(_("month"))
    pieces = _count(_("pieces"))

    class Meta:
        verbose_name = _("rejection tally")
        verbose_name_plural = _("rejection tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["order", "reason", "grain", "day"], name="rejection_tally_once"
            ),
            *_month_is_first("rejection_tally"),
        ]
        indexes = [
            models.Index(fields=["cooperative", "grain", "day"], name="rejection_tally_coop"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.reason_id} {self.grain} {self.day}"
