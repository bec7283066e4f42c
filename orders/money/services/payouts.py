"""Payout runs (结算): preview, start, execute (and resume), and what follows each payout.

Crash-safe and idempotent by construction:

1. ``run_start`` writes, in **one transaction** under a lock on the cooperative (the top of the
   ledger's lock order, marketplace/locks.py, which adjustments take too), the run, one
   payout per mother with a positive balance and each payout's **negative ledger entry**.
   From then on the balance no longer shows that money as owed, so a second run (the same
   minute or a week later) pays only what the first did not; a run waiting for the lock sees
   the first one's entries. A coordinator confirms what she previewed: the run is refused
   when what it would pay is no longer what she saw.
2. ``run_execute`` then pays the Stripe payouts one by one. Each call carries the payout's
   idempotency key (derived from its id, saved in step 1), and its result is committed
   per payout. If the process dies anywhere — after some transfers, or between Stripe's
   answer and the commit — running it again retries the still-pending payouts with the same
   keys, and Stripe answers a repeated key with the transfer it already made.
3. A transfer Stripe refuses (or later reverses) gets a **reversal** entry: the money is
   owed again, and the next run pays it. Offline payouts (bank, WeChat Pay, Alipay, cash)
   stay pending until the coordinator records each payment's reference.
"""

import datetime
import hashlib
import logging
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace import stripe_gateway as gateway
from marketplace.exceptions import MarketError
from marketplace.locks import atomic_with_retry, cooperative_lock
from marketplace.models import Cooperative, Membership
from marketplace.money import NO_MONEY, money_text
from orders.dates import day_end
from orders.locks import payout_lock
from orders.models import (
    EntryKind,
    LedgerEntry,
    OfflineMethod,
    Payout,
    PayoutProfile,
    PayoutRun,
    PayoutStatus,
    Rail,
    RunStatus,
    way_label,
)
from orders.reporting.tallies import tallies_entries_add

logger = logging.getLogger(__name__)


class PayoutError(MarketError):
    pass


class ExecutionStalled(PayoutError):
    """What a payout run's execution that made no progress for too long is marked failed
    with, when another is enqueued in its place (execution_abandon)."""


@dataclass(frozen=True)
class Due:
    """One line of a run's preview."""

    mother: Membership
    amount: Decimal
    rail: str
    method: str
    profile: PayoutProfile | None

    @property
    def rail_label(self) -> str:
        return way_label(rail=self.rail, method=self.method)

    @property
    def holder(self) -> str:
        """The name on the account she is paid to ("" for cash, Stripe, or not given)."""
        profile = self.profile
        return profile.account_name if profile is not None and profile.pays_an_account else ""

    @property
    def holder_differs(self) -> bool:
        return self.profile is not None and self.profile.holder_differs

    @property
    def holder_unconfirmed(self) -> bool:
        """She is paid to someone else's account and no coordinator has said that is right."""
        return self.profile is not None and self.profile.holder_unconfirmed


@dataclass(frozen=True)
class PayoutPreview:
    """What a run up to ``cutoff`` would pay, line by line."""

    cooperative: Cooperative
    cutoff: datetime.datetime
    dues: list[Due]

    @property
    def total(self) -> Decimal:
        return sum((due.amount for due in self.dues), NO_MONEY)

    @property
    def fingerprint(self) -> str:
        """Who is paid how much, in a few characters: the confirmation carries the
        preview's, and a run whose own differs is not the one she agreed to."""
        lines = sorted(f"{due.mother.pk}:{due.amount}" for due in self.dues)
        text = f"{self.cooperative.pk}|{self.cutoff.isoformat()}|{';'.join(lines)}"
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    @property
    def unconfirmed(self) -> list[Due]:
        return [due for due in self.dues if due.holder_unconfirmed]


def cutoff_of_day(day: datetime.date) -> datetime.datetime:
    """The moment a run "up to ``day``" pays to: now for today, the day's end before."""
    if day >= timezone.localdate():
        return timezone.now()
    return day_end(day)


def payout_preview(
    *, cooperative: Cooperative, cutoff: datetime.datetime | None = None
) -> PayoutPreview:
    """Every mother of ``cooperative`` owed money for work recorded up to ``cutoff`` (now
    when not given): what she earned and was adjusted by then, less everything already paid
    out (at any time), and never more than her balance now. One aggregate query and one for
    the people."""
    cutoff = cutoff or timezone.now()
    if cutoff > timezone.now():
        raise PayoutError(_("The cut-off cannot be in the future: pay work that is done."))
    owed = (
        LedgerEntry.objects.filter(cooperative=cooperative)
        .order_by()
        .values("mother_id")
        .annotate(
            due=Sum(
                "amount",
                filter=Q(kind__in=EntryKind.PAID) | Q(created_at__lte=cutoff),
            ),
            balance=Sum("amount"),
        )
        .filter(due__gt=0, balance__gt=0)
    )
    amounts = {row["mother_id"]: min(row["due"], row["balance"]) for row in owed}
    amounts = {mother_id: amount for mother_id, amount in amounts.items() if amount > 0}
    mothers = Membership.objects.filter(pk__in=amounts).select_related("user", "payout_profile")
    dues = sorted(
        (_due(mother, amounts[mother.pk]) for mother in mothers),
        key=lambda due: (due.mother.person_name, due.mother.pk),
    )
    return PayoutPreview(cooperative=cooperative, cutoff=cutoff, dues=dues)


def _due(mother: Membership, amount: Decimal) -> Due:
    profile = getattr(mother, "payout_profile", None)
    rail, method = Rail.OFFLINE, OfflineMethod.CASH
    if profile is not None:
        rail, method = profile.rail, profile.method
        if rail == Rail.STRIPE and not profile.stripe_account_id:
            rail = Rail.OFFLINE  # not onboarded yet: paid the offline way meanwhile
    return Due(mother, amount, rail, method, profile)


@atomic_with_retry
def run_start(
    *,
    cooperative: Cooperative,
    actor,
    cutoff: datetime.datetime | None = None,
    expected: str | None = None,
    holders_confirmed: Collection[int] = (),
) -> PayoutRun:
    """Start a run paying what was recorded up to ``cutoff`` (now when not given).

    ``expected`` is the fingerprint of the preview the coordinator confirmed: if the run
    would pay anything else (another run paid some of it, an adjustment moved a balance),
    PayoutError asks her to look again. A mother paid to an account in someone else's name
    is paid only once a coordinator has said that is right: before, or now by naming her in
    ``holders_confirmed`` (recorded as ``actor``'s word)."""
    # The top of the ledger's lock order: adjustments of her balance, and any other run,
    # wait for this one, and then see its entries.
    cooperative_lock(cooperative.pk)
    preview = payout_preview(cooperative=cooperative, cutoff=cutoff)
    if not preview.dues:
        raise PayoutError(_("Nobody is owed anything up to this moment."))
    if expected is not None and preview.fingerprint != expected:
        raise PayoutError(
            _(
                "What this run would pay changed since your preview (now %(total)s in all). "
                "Look at it again before paying."
            )
            % {"total": money_text(preview.total)}
        )
    _holders_confirm(preview, holders_confirmed, actor)
    return _run_write(preview, actor)


def _holders_confirm(preview: PayoutPreview, mother_ids: Collection[int], actor) -> None:
    """Record her word on the accounts she vouched for; refuse while any is left."""
    now = timezone.now()
    for due in preview.unconfirmed:
        if due.mother.pk not in mother_ids:
            raise PayoutError(
                _(
                    "%(name)s would be paid to an account in the name of %(holder)s. "
                    "Check that it is right for her, and confirm it, before paying."
                )
                % {"name": due.mother.person_name, "holder": due.holder}
            )
        profile = due.profile
        profile.holder_confirmed_for = profile.holder_key
        profile.holder_confirmed_by = actor
        profile.holder_confirmed_at = now
        profile.save(
            update_fields=["holder_confirmed_for", "holder_confirmed_by", "holder_confirmed_at"]
        )


def _run_write(preview: PayoutPreview, actor) -> PayoutRun:
    run = PayoutRun.objects.create(
        cooperative=preview.cooperative,
        cutoff=preview.cutoff,
        total=preview.total,
        created_by=actor,
    )
    payouts = Payout.objects.bulk_create(_payout(run, due) for due in preview.dues)
    if any(payout.pk is None for payout in payouts):  # a database that returns no ids
        payouts = list(run.payouts.all())
    memo = _("Payout run up to %(cutoff)s") % {"cutoff": moment_text(preview.cutoff)}
    entries = LedgerEntry.objects.bulk_create(
        LedgerEntry(
            mother_id=payout.mother_id,
            cooperative_id=run.cooperative_id,
            kind=EntryKind.PAYOUT,
            amount=-payout.amount,
            payout=payout,
            memo=memo,
            created_by=actor,
        )
        for payout in payouts
    )
    tallies_entries_add(entries=entries)
    return run


def moment_text(moment: datetime.datetime) -> str:
    """A run's cut-off as pages show it: China time, to the minute."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _payout(run: PayoutRun, due: Due) -> Payout:
    profile = due.profile
    vouched = due.holder_differs
    return Payout(
        run=run,
        mother=due.mother,
        amount=due.amount,
        rail=due.rail,
        method="" if due.rail == Rail.STRIPE else due.method,
        account_name=profile.account_name if profile else "",
        account_number=profile.account_number if profile else "",
        bank_name=profile.bank_name if profile else "",
        destination=profile.stripe_account_id if profile and due.rail == Rail.STRIPE else "",
        holder_confirmed_by_id=profile.holder_confirmed_by_id if vouched else None,
        holder_confirmed_at=profile.holder_confirmed_at if vouched else None,
    )


def run_execute(run: PayoutRun) -> PayoutRun:
    """Pay the run's pending Stripe payouts, one committed step each; safe to call again
    after any interruption. Returns the run with its status brought up to date."""
    pending = Payout.objects.filter(
        run=run, rail=Rail.STRIPE, status=PayoutStatus.PENDING
    ).order_by("pk")
    for payout in pending:
        _transfer(payout)
    return run_settle(run)


def execution_abandon(*, execution, why: str) -> bool:
    """Mark a stalled execution of a run (a django-tasks-db result still RUNNING) failed, so
    that its result says what happened; False when it has finished meanwhile. Should its
    worker be alive after all and finish, it writes its own outcome over this one."""
    return bool(
        type(execution)
        .objects.filter(pk=execution.pk, status=TaskResultStatus.RUNNING)
        .update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{__name__}.{ExecutionStalled.__qualname__}",
            traceback=f"{ExecutionStalled.__name__}: {why}",
            return_value=None,
        )
    )


def _transfer(payout: Payout) -> None:
    try:
        transfer = gateway.transfer_create(
            amount=payout.amount,
            currency=payout.currency,
            destination=payout.destination,
            transfer_group=f"payout-run-{payout.run_id}",
            idempotency_key=payout.idempotency_key,
            metadata={"payout_id": payout.pk, "run_id": payout.run_id},
        )
    except gateway.TransferRefused as refused:
        payout_fail(payout=payout, why=str(refused)[:200])
        return
    except gateway.GatewayError as error:
        # Stripe unreachable: the payout stays pending and is retried with the same key.
        logger.warning("payout %s: Stripe unreachable (%s); left pending", payout.pk, error)
        return
    transfer_recorded(payout=payout, transfer_id=transfer.id)


def transfer_recorded(*, payout: Payout, transfer_id: str) -> bool:
    """Stripe made the transfer: mark the payout paid, once."""
    return bool(
        Payout.objects.filter(pk=payout.pk, status=PayoutStatus.PENDING).update(
            status=PayoutStatus.PAID, transfer_id=transfer_id, paid_at=timezone.now()
        )
    )


@atomic_with_retry
def payout_fail(*, payout: Payout, why: str, actor=None) -> bool:
    """The money did not reach her (refused, bounced, reversed): the payout fails and a
    reversal entry gives the amount back to her balance — once, whoever reports it."""
    payout_lock(payout.pk)
    failed = Payout.objects.filter(
        pk=payout.pk, status__in=[PayoutStatus.PENDING, PayoutStatus.PAID]
    ).update(status=PayoutStatus.FAILED, failure=why[:200], recorded_by=actor)
    if not failed:
        return False
    payout = Payout.objects.get(pk=payout.pk)
    reversal = LedgerEntry.objects.create(
        mother_id=payout.mother_id,
        cooperative_id=payout.run.cooperative_id,
        kind=EntryKind.REVERSAL,
        amount=payout.amount,
        payout=payout,
        memo=(_("Payout failed: %(why)s") % {"why": why})[:200],
        created_by=actor,
    )
    tallies_entries_add(entries=[reversal])
    run_settle(payout.run)
    return True


def run_settle(run: PayoutRun) -> PayoutRun:
    """running → awaiting offline payments → done, as its payouts say."""
    pending = Payout.objects.filter(run=run, status=PayoutStatus.PENDING)
    if pending.filter(rail=Rail.STRIPE).exists():
        status = RunStatus.RUNNING
    elif pending.exists():
        status = RunStatus.AWAITING
    else:
        status = RunStatus.DONE
    PayoutRun.objects.filter(pk=run.pk).update(
        status=status, finished_at=timezone.now() if status == RunStatus.DONE else None
    )
    run.refresh_from_db()
    return run


def offline_paid(*, payout: Payout, reference: str, actor) -> Payout:
    """The coordinator paid an offline payout and records its reference (bank serial
    number, WeChat Pay or Alipay transaction id, cash receipt number)."""
    reference = " ".join((reference or "").split())
    if not reference:
        raise PayoutError(_("Enter the payment's reference, e.g. the bank's serial number."))
    if payout.rail != Rail.OFFLINE:
        raise PayoutError(_("Stripe payouts are recorded by Stripe."))
    done = Payout.objects.filter(pk=payout.pk, status=PayoutStatus.PENDING).update(
        status=PayoutStatus.PAID,
        reference=reference[:80],
        paid_at=timezone.now(),
        recorded_by=actor,
    )
    if not done:
        raise PayoutError(_("This payout is no longer waiting for payment."))
    run_settle(payout.run)
    return Payout.objects.get(pk=payout.pk)


def receipt_confirm(*, payout: Payout) -> bool:
    return bool(
        Payout.objects.filter(
            pk=payout.pk, status=PayoutStatus.PAID, receipt_confirmed_at__isnull=True
        ).update(receipt_confirmed_at=timezone.now())
    )


def problem_report(*, payout: Payout, problem: str) -> None:
    problem = " ".join((problem or "").split())
    if not problem:
        raise PayoutError(_("Say what is wrong, e.g. the money has not arrived."))
    Payout.objects.filter(pk=payout.pk).update(problem=problem[:300], problem_at=timezone.now())


# Stripe events for transfers ------------------------------------------------------------


def on_transfer_reversed(obj: dict) -> None:
    """A transfer was taken back (from Stripe's dashboard, or the account closed)."""
    payout = Payout.objects.filter(transfer_id=obj.get("id") or "-").first()
    if payout is not None:
        payout_fail(payout=payout, why=_("the transfer was reversed at Stripe"))
        run_settle(payout.run)


def on_transfer_created(obj: dict) -> None:
    """The answer to a call whose reply was lost arrives here too: record it once."""
    payout_id = str((obj.get("metadata") or {}).get("payout_id", ""))
    if payout_id.isdecimal():  # isdigit() admits "²", which int() refuses
        payout = Payout.objects.filter(pk=int(payout_id), rail=Rail.STRIPE).first()
        if payout is not None and transfer_recorded(payout=payout, transfer_id=obj["id"]):
            run_settle(payout.run)
