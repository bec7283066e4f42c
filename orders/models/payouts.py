"""Paying mothers: how each wants to be paid, payout runs (结算) and their payouts.

A run pays, per cooperative, each mother's positive balance for the earnings recorded up to
one moment (its ``cutoff``: now, or the end of an earlier day) through her rail; a
cooperative may run as often as it needs. Every payout is written together with its negative
ledger entry *before* any money moves, with an idempotency key derived from its id; a failed
transfer gets a reversal entry, never an edit. A resumed or repeated run therefore pays only
what is still unpaid.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.money import MoneyField


class Rail(models.TextChoices):
    STRIPE = "stripe", _("Stripe transfer")
    OFFLINE = "offline", _("Offline payment")


class OfflineMethod(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    CASH = "cash", _("Cash")


def same_person(name: str, holder: str) -> bool:
    """Whether an account holder's name is the mother's, as people type names: whitespace
    does not count (and none at all between Chinese characters: "杨 敏" is 杨敏); Latin
    letters compare without case; everything else — every Chinese character — exactly."""
    name, holder = (" ".join(text.split()) for text in (name, holder))
    if _has_cjk(name) or _has_cjk(holder):
        return name.replace(" ", "") == holder.replace(" ", "")
    return name.casefold() == holder.casefold()


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" for char in text)


def way_label(*, rail: str, method: str) -> str:
    """How a payout travels, as people say it: "Stripe transfer", "WeChat Pay", "Cash" …"""
    if rail == Rail.STRIPE or method not in OfflineMethod.values:
        return str(Rail(rail).label)
    return str(OfflineMethod(method).label)


class PayoutProfile(models.Model):
    """How one mother is paid by one cooperative (one per membership)."""

    membership = models.OneToOneField(
        "marketplace.Membership", on_delete=models.CASCADE, related_name="payout_profile"
    )
    rail = models.CharField(_("rail"), max_length=20, choices=Rail.choices, default=Rail.OFFLINE)
    method = models.CharField(
        _("offline method"),
        max_length=20,
        choices=OfflineMethod.choices,
        default=OfflineMethod.CASH,
    )
    account_name = models.CharField(_("account holder"), max_length=60, blank=True)
    account_number = models.CharField(_("account or ID"), max_length=60, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    stripe_account_id = models.CharField(_("Stripe account"), max_length=64, blank=True)
    # A coordinator's word that an account in someone else's name is right for her: it
    # holds for the holder and account it was given for, and lapses when either changes.
    holder_confirmed_for = models.CharField(max_length=130, blank=True)
    holder_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("other holder confirmed by"),
    )
    holder_confirmed_at = models.DateTimeField(_("other holder confirmed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payout details")
        verbose_name_plural = _("payout details")

    def __str__(self) -> str:
        return f"{self.membership} · {self.rail}"

    @property
    def pays_an_account(self) -> bool:
        """Whether money goes to an account whose holder is named here: offline by bank,
        WeChat Pay or Alipay (so too while her Stripe account is not set up: she is paid
        offline meanwhile). Not cash, and not Stripe, which checks its own account holders."""
        paid_offline = self.rail == Rail.OFFLINE or not self.stripe_account_id
        return paid_offline and self.method != OfflineMethod.CASH

    @property
    def holder_differs(self) -> bool:
        """Her account is in someone else's name (as typed by the coordinator)."""
        return (
            self.pays_an_account
            and bool(self.account_name)
            and not same_person(self.membership.person_name, self.account_name)
        )

    @property
    def holder_key(self) -> str:
        """What a confirmation of the holder is given for: the name and the account."""
        return f"{self.account_name}|{self.account_number}"[:130]

    @property
    def holder_confirmed(self) -> bool:
        return bool(self.holder_confirmed_at) and self.holder_confirmed_for == self.holder_key

    @property
    def holder_unconfirmed(self) -> bool:
        """Her payout must wait for the coordinator's word on the account's holder."""
        return self.holder_differs and not self.holder_confirmed


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    AWAITING = "awaiting", _("Awaiting offline payments")
    DONE = "done", _("Done")


class PayoutRun(models.Model):
    cooperative = models.ForeignKey(
        "marketplace.Cooperative", on_delete=models.PROTECT, related_name="payout_runs"
    )
    # Earnings recorded up to this moment are paid (what is paid out or given back counts
    # whenever it was recorded): "now" when the coordinator previews, or the end of a day.
    cutoff = models.DateTimeField(_("earnings recorded up to"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    total = MoneyField(_("total"), default=Decimal("0.00"))
    currency = models.CharField(max_length=3, default="CNY")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payout run")
        verbose_name_plural = _("payout runs")

    def __str__(self) -> str:
        return f"{self.cooperative} ≤ {self.cutoff}"

    @property
    def transfer_group(self) -> str:
        return f"payout-run-{self.pk}"


class PayoutStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")


class Payout(models.Model):
    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="payouts")
    mother = models.ForeignKey(
        "marketplace.Membership", on_delete=models.PROTECT, related_name="payouts"
    )
    amount = MoneyField(_("amount"))
    currency = models.CharField(max_length=3, default="CNY")
    rail = models.CharField(_("rail"), max_length=20, choices=Rail.choices)
    method = models.CharField(_("method"), max_length=20, blank=True)
    # What the rail was told, as it was at the run (her details may change later).
    account_name = models.CharField(_("account holder"), max_length=60, blank=True)
    account_number = models.CharField(_("account or ID"), max_length=60, blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    destination = models.CharField(_("Stripe account"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PayoutStatus.choices, default=PayoutStatus.PENDING
    )
    transfer_id = models.CharField(max_length=64, blank=True)
    reference = models.CharField(_("payment reference"), max_length=80, blank=True)
    failure = models.CharField(_("why it failed"), max_length=200, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    # Who recorded an offline payment (or its failure): every yuan traceable to a person.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who vouched for an account in someone else's name before this payout went to it.
    holder_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    holder_confirmed_at = models.DateTimeField(_("other holder confirmed"), null=True, blank=True)
    receipt_confirmed_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    problem = models.CharField(_("problem reported"), max_length=300, blank=True)
    problem_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "pk"]
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        constraints = [
            models.UniqueConstraint(fields=["run", "mother"], name="one_payout_per_run_mother"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.mother_id} {self.amount} {self.status}"

    @property
    def idempotency_key(self) -> str:
        """Derived from the payout's own id, which exists before any call is made."""
        return f"mamagang-payout-{self.pk}"
