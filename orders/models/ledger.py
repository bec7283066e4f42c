"""The earnings ledger: append-only entries per mother and cooperative.

An inspection earns its accepted pieces × the order's rate **exactly once**: the entry points
at the inspection through a unique key, so a double-submitted form or a retried task cannot
earn twice. A correction is an inspection of its own, whose entry carries the difference.
Entries are never updated or deleted; a balance is the database's sum of them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.money import MoneyField


class EntryKind(models.TextChoices):
    EARNING = "earning", _("Earning")
    ADJUSTMENT = "adjustment", _("Adjustment")
    PAYOUT = "payout", _("Payout")
    REVERSAL = "reversal", _("Reversal")


# Which kinds each figure counts, named once for every page, file and payout run:
# earned is what her work and the coordinator's adjustments credited to her; paid is what
# payouts took from her balance, less any failed payout given back (both negative entries).
EntryKind.EARNED = (EntryKind.EARNING, EntryKind.ADJUSTMENT)
EntryKind.PAID = (EntryKind.PAYOUT, EntryKind.REVERSAL)


class AppendOnly(Exception):
    pass


class LedgerEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("ledger entries are never updated")

    def delete(self):
        raise AppendOnly("ledger entries are never deleted")


class LedgerEntry(models.Model):
    mother = models.ForeignKey(
        "marketplace.Membership",
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("mother"),
    )
    # Denormalised from the membership: every cooperative query is one indexed filter.
    cooperative = models.ForeignKey(
        "marketplace.Cooperative", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    amount = MoneyField(_("amount"))
    currency = models.CharField(max_length=3, default="CNY")
    inspection = models.OneToOneField(
        "orders.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entry",
    )
    payout = models.ForeignKey(
        "orders.Payout",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["mother", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=EntryKind.EARNING) | Q(inspection__isnull=False),
                name="earning_has_inspection",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=list(EntryKind.PAID)) | Q(payout__isnull=False),
                name="payout_entry_has_payout",
            ),
            models.CheckConstraint(
                condition=~Q(kind=EntryKind.ADJUSTMENT) | ~Q(memo=""),
                name="adjustment_has_reason",
            ),
            # A payout is taken from the balance once, and given back at most once.
            models.UniqueConstraint(
                fields=["payout", "kind"],
                condition=Q(payout__isnull=False),
                name="payout_entry_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mother_id} {self.kind} {self.amount}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("ledger entries are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("ledger entries are never deleted")
