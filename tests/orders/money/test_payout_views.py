"""The coordinator's payouts at /co/payouts/: runs, preview and start, one run with its
payouts (who may do what there and the query counts: test_payout_access.py; the payroll
files: test_payroll_exports.py; a mother's statement, adjustments and payout details:
test_statement_views.py).

Money is made through the services only. Stripe is never called: Stripe-rail payouts go
through a stand-in for ``stripe_gateway.transfer_create`` (the real HTTP path is covered by
tests/orders/money/test_payouts.py with a fake Stripe server). Pages are read in English (/en/)
so the assertions hold whatever the Chinese catalogue says.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

import pytest

from marketplace import stripe_gateway
from orders.dates import day_end
from orders.models import (
    EntryKind,
    LedgerEntry,
    OfflineMethod,
    PayoutRun,
    PayoutStatus,
    Rail,
    RunStatus,
)
from orders.money.services.ledger import adjustment_record, balance_of
from orders.money.services.payouts import moment_text, problem_report, receipt_confirm, run_start
from tests.orders.factories import ProductionOrderFactory, earn
from tests.orders.money_world import (
    CUTOFF,
    FakeTransfers,
    entries,
    payout_of,
    preview,
    start,
)
from tests.pages import en, said

# Runs and a new one --------------------------------------------------------------------


def test_runs_page_offers_a_run_up_to_today_and_lists_runs_newest_first(
    coordinator_client, cooperative, mothers, transfers, coordinator
):
    start(coordinator_client, cooperative)
    run = PayoutRun.objects.get()
    problem_report(payout=payout_of(run, mothers.wang), problem="还没收到")

    response = coordinator_client.get(en("co_payouts"))
    page = response.content.decode()

    assert response.status_code == 200
    assert response.context["form"]["cutoff"].value() == CUTOFF()
    assert f'value="{CUTOFF().isoformat()}"' in page
    row = page[page.index(f'data-run="{run.pk}"') :]
    row = row[: row.index("</tr>")]
    assert moment_text(run.cutoff) in row
    assert "¥245.00" in row
    assert "Awaiting offline payments" in row
    assert '<td class="num">3</td>' in row
    assert "data-paid>1<" in row
    assert "data-pending>2<" in row
    assert "data-failed>0<" in row
    assert ">1</span>" in row  # one problem reported


def test_runs_are_listed_newest_first(
    coordinator_client, cooperative, order, coordinator, mothers, transfers
):
    first = run_start(cooperative=cooperative, actor=coordinator.user)
    earn(order, mothers.wang, accepted=2, actor=coordinator.user)
    second = run_start(cooperative=cooperative, actor=coordinator.user)

    runs = list(coordinator_client.get(en("co_payouts")).context["page_obj"])

    assert [r.pk for r in runs] == [second.pk, first.pk]


def test_preview_lists_each_mother_her_amount_and_rail_the_total_and_the_moment(
    coordinator_client, cooperative, mothers
):
    before = timezone.now()
    response = preview(coordinator_client, cooperative, cutoff=CUTOFF().isoformat())
    page = response.content.decode()

    assert response.status_code == 200
    shown = response.context["preview"]
    dues = {due.mother.pk: due for due in shown.dues}
    assert {pk: due.amount for pk, due in dues.items()} == {
        mothers.wang.pk: Decimal("140.00"),
        mothers.li.pk: Decimal("70.00"),
        mothers.zhang.pk: Decimal("35.00"),
    }
    assert dues[mothers.wang.pk].rail_label == "Bank transfer"
    assert dues[mothers.li.pk].rail_label == "Stripe transfer"
    assert dues[mothers.zhang.pk].rail_label == "Cash"
    assert shown.total == Decimal("245.00")
    assert before <= shown.cutoff <= timezone.now()  # today's run pays up to now
    assert 'id="total"><strong>¥245.00' in page
    assert f"This run pays the work inspected up to {moment_text(shown.cutoff)}" in page
    assert "Pay ¥245.00 to 3 mothers" in page
    assert page.count("data-not-onboarded") == 1
    assert "not set up yet: she is paid offline meanwhile" in page
    assert f'name="expected" value="{shown.fingerprint}"' in page
    assert f'name="cutoff" value="{shown.cutoff.isoformat()}"' in page
    assert not PayoutRun.objects.exists()  # a preview changes nothing


def test_preview_without_a_day_or_cooperative_pays_up_to_now(coordinator_client, mothers):
    response = coordinator_client.get(en("co_payout_preview"))

    assert response.status_code == 200
    assert response.context["preview"].total == Decimal("245.00")


def test_preview_of_an_earlier_day_pays_up_to_its_end(coordinator_client, cooperative, mothers):
    yesterday = CUTOFF() - datetime.timedelta(days=1)

    response = preview(coordinator_client, cooperative, cutoff=yesterday.isoformat())

    assert response.context["preview"].cutoff == day_end(yesterday)
    assert response.context["preview"].dues == []  # all of it was earned today
    assert "Nobody is owed anything up to this moment." in response.content.decode()


@pytest.mark.parametrize(
    ("cutoff", "message"),
    [
        ("tomorrow", "The cut-off date cannot be in the future"),
        ("31/03/2026", "Enter a date like 2026-03-31."),
        ("2026-13-45", "Enter a date like 2026-03-31."),
        ("0001-01-01", "Enter a date like 2026-03-31."),
        ("-1", "Enter a date like 2026-03-31."),
        ("9" * 400, "Enter a date like 2026-03-31."),
    ],
)
def test_preview_refuses_a_bad_cutoff_clearly(
    coordinator_client, cooperative, mothers, cutoff, message
):
    if cutoff == "tomorrow":
        cutoff = (CUTOFF() + datetime.timedelta(days=1)).isoformat()

    response = preview(coordinator_client, cooperative, cutoff=cutoff)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "preview" not in response.context


def test_preview_says_when_nobody_is_owed(coordinator_client, cooperative):
    response = preview(coordinator_client, cooperative)

    assert response.status_code == 200
    assert "Nobody is owed anything up to this moment." in response.content.decode()
    assert 'name="expected"' not in response.content.decode()


@pytest.mark.parametrize("elsewhere", ["another", "9" * 30, "-1", "x"])
def test_preview_of_another_cooperative_is_refused(coordinator_client, mothers, elsewhere):
    if elsewhere == "another":
        elsewhere = ProductionOrderFactory().cooperative.pk

    response = coordinator_client.get(en("co_payout_preview"), {"cooperative": elsewhere})

    assert response.status_code == 400
    assert "Choose one of your cooperatives." in response.content.decode()


def test_confirming_starts_the_run_pays_stripe_and_leaves_offline_pending(
    coordinator_client, cooperative, mothers, transfers, coordinator
):
    response = start(coordinator_client, cooperative)

    run = PayoutRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == en("co_payout_run", run.pk)
    assert run.total == Decimal("245.00")
    assert run.created_by == coordinator.user
    assert run.status == RunStatus.AWAITING
    li = payout_of(run, mothers.li)
    assert (li.status, li.transfer_id) == (PayoutStatus.PAID, f"tr_{li.idempotency_key}")
    assert [call["destination"] for call in transfers.calls] == ["acct_li"]
    assert payout_of(run, mothers.wang).status == PayoutStatus.PENDING
    zhang = payout_of(run, mothers.zhang)
    assert (zhang.status, zhang.rail, zhang.method) == (
        PayoutStatus.PENDING,
        Rail.OFFLINE,
        OfflineMethod.CASH,
    )
    assert balance_of(mothers.wang) == 0
    followed = coordinator_client.get(response["Location"])
    assert "The payout run is started: 3 mothers, ¥245.00 in all." in said(followed)


def test_a_run_pays_exactly_what_its_preview_showed(
    coordinator_client, cooperative, order, mothers, transfers, coordinator
):
    seen = preview(coordinator_client, cooperative)
    shown = {due.mother: due.amount for due in seen.context["preview"].dues}
    earn(order, mothers.wang, accepted=2, actor=coordinator.user)  # ¥7.00 more since

    response = start(coordinator_client, cooperative, seen=seen)

    assert response.status_code == 302
    run = PayoutRun.objects.get()
    assert {p.mother: p.amount for p in run.payouts.all()} == shown
    assert (run.total, run.cutoff) == (Decimal("245.00"), seen.context["preview"].cutoff)
    assert balance_of(mothers.wang) == Decimal("7.00")  # for the next run
    followed = coordinator_client.get(response["Location"])
    assert "¥7.00 more was recorded after your preview: preview again to pay it." in said(followed)


def test_a_second_run_the_same_day_pays_only_the_rest(
    coordinator_client, cooperative, order, mothers, run, transfers, coordinator
):
    earn(order, mothers.wang, accepted=2, actor=coordinator.user)

    seen = preview(coordinator_client, cooperative)
    response = start(coordinator_client, cooperative, seen=seen)

    assert [(d.mother, d.amount) for d in seen.context["preview"].dues] == [
        (mothers.wang, Decimal("7.00"))
    ]
    assert "The last run paid ¥245.00" in seen.content.decode()
    assert response.status_code == 302
    second = PayoutRun.objects.exclude(pk=run.pk).get()
    assert [(p.mother, p.amount) for p in second.payouts.all()] == [(mothers.wang, Decimal("7.00"))]
    assert timezone.localdate(second.cutoff) == timezone.localdate(run.cutoff)
    assert all(balance_of(m) == 0 for m in vars(mothers).values())


def test_a_preview_gone_stale_is_refused_shown_again_and_changes_nothing(
    coordinator_client, cooperative, order, mothers, transfers, coordinator
):
    seen = preview(coordinator_client, cooperative)
    adjustment_record(mother=mothers.wang, amount=Decimal("-5.00"), reason="扣款", actor=None)
    before = entries()

    response = start(coordinator_client, cooperative, seen=seen)

    assert response.status_code == 409
    assert (
        "What this run would pay changed since your preview (now ¥240.00 in all)."
        in response.content.decode()
    )
    assert response.context["preview"].total == Decimal("240.00")  # the fresh preview
    assert response.context["preview"].cutoff == seen.context["preview"].cutoff
    assert not PayoutRun.objects.exists()
    assert entries() == before
    assert transfers.calls == []


def test_a_confirmation_sent_twice_pays_once(coordinator_client, cooperative, mothers, transfers):
    seen = preview(coordinator_client, cooperative)
    start(coordinator_client, cooperative, seen=seen)
    before = entries()

    again = start(coordinator_client, cooperative, seen=seen)

    assert again.status_code == 409
    assert "Nobody is owed anything up to this moment." in again.content.decode()
    assert PayoutRun.objects.count() == 1
    assert entries() == before
    assert len(transfers.calls) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"expected": ""},
        {"expected": "lots"},
        {"expected": "1e400"},
        {"cutoff": ""},
        {"cutoff": "yesterday"},
        {"cutoff": "2026-02-30T10:00:00+00:00"},
        {"cutoff": "9" * 300},
        {"cutoff": "0001-01-01T00:00:00+00:00"},
    ],
)
def test_a_confirmation_without_what_was_previewed_is_refused(
    coordinator_client, cooperative, mothers, transfers, fields
):
    response = start(coordinator_client, cooperative, **fields)

    assert response.status_code == 400
    assert "Look at the preview again before paying" in response.content.decode()
    assert not PayoutRun.objects.exists()


def test_a_future_cutoff_cannot_be_confirmed(coordinator_client, cooperative, mothers, transfers):
    later = timezone.now() + datetime.timedelta(days=1)

    response = start(coordinator_client, cooperative, cutoff=later.isoformat())

    assert response.status_code == 400
    assert not PayoutRun.objects.exists()


def test_a_confirmation_for_another_cooperative_is_refused(
    coordinator_client, cooperative, mothers, transfers
):
    elsewhere = ProductionOrderFactory().cooperative

    response = start(coordinator_client, cooperative, coop=elsewhere.pk)

    assert response.status_code == 400
    assert "Choose one of your cooperatives." in response.content.decode()
    assert not PayoutRun.objects.exists()


# One run -------------------------------------------------------------------------------


def test_run_page_shows_each_payout_with_her_account_and_status(coordinator_client, run, mothers):
    problem_report(payout=payout_of(run, mothers.li), problem="到账少了")
    receipt_confirm(payout=payout_of(run, mothers.li))

    response = coordinator_client.get(en("co_payout_run", run.pk))
    page = response.content.decode()

    assert response.status_code == 200
    wang, li = payout_of(run, mothers.wang), payout_of(run, mothers.li)
    row = page[page.index(f'id="payout-{wang.pk}"') :]
    row = row[: row.index("</tr>")]
    for text in (
        "王秀兰",
        mothers.wang.user.username,
        "¥140.00",
        "Bank transfer",
        "农业银行莱西支行",
    ):
        assert text in row
    assert "6228480000000001" in row
    assert "Pending" in row
    assert en("co_payout_paid", run.pk, wang.pk) in row
    assert en("co_payout_failed", run.pk, wang.pk) in row
    assert en("co_mother_ledger", mothers.wang.pk) in row
    row = page[page.index(f'id="payout-{li.pk}"') :]
    row = row[: row.index("</tr>")]
    assert li.transfer_id in row
    assert "acct_li" in row
    assert "到账少了" in row
    assert "data-confirmed" in row
    assert en("co_payout_paid", run.pk, li.pk) not in row  # Stripe pays it, not a form
    progress = response.context["progress"]
    assert (progress.paid, progress.pending, progress.failed) == (1, 2, 0)
    assert "Resume paying" not in page


def test_recording_an_offline_payment_marks_it_paid_and_finishes_the_run(
    coordinator_client, run, mothers
):
    wang, zhang = payout_of(run, mothers.wang), payout_of(run, mothers.zhang)

    response = coordinator_client.post(
        en("co_payout_paid", run.pk, wang.pk), {f"p{wang.pk}-reference": " 2026 0331 0001 "}
    )
    coordinator_client.post(
        en("co_payout_paid", run.pk, zhang.pk), {f"p{zhang.pk}-reference": "现金收据 17"}
    )

    assert response.status_code == 302
    assert response["Location"] == en("co_payout_run", run.pk) + f"#payout-{wang.pk}"
    wang.refresh_from_db()
    assert (wang.status, wang.reference) == (PayoutStatus.PAID, "2026 0331 0001")
    assert wang.paid_at is not None
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert "Recorded: ¥140.00 paid to 王秀兰." in said(
        coordinator_client.get(en("co_payout_run", run.pk))
    )


@pytest.mark.parametrize("reference", ["", "   ", "x" * 81])
def test_a_bad_reference_is_refused_and_changes_nothing(
    coordinator_client, run, mothers, reference
):
    wang = payout_of(run, mothers.wang)

    response = coordinator_client.post(
        en("co_payout_paid", run.pk, wang.pk), {f"p{wang.pk}-reference": reference}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the payment&#x27;s reference" in page or "at most 80 characters" in page, page
    wang.refresh_from_db()
    assert (wang.status, wang.reference) == (PayoutStatus.PENDING, "")


def test_a_stripe_or_already_paid_payout_takes_no_reference(coordinator_client, run, mothers):
    li = payout_of(run, mothers.li)

    response = coordinator_client.post(
        en("co_payout_paid", run.pk, li.pk), {f"p{li.pk}-reference": "X"}
    )

    assert response.status_code == 409
    assert "Stripe payouts are recorded by Stripe." in response.content.decode()
    li.refresh_from_db()
    assert li.reference == ""


def test_marking_an_offline_payout_failed_gives_the_money_back_to_her_balance(
    coordinator_client, run, mothers, coordinator
):
    wang = payout_of(run, mothers.wang)

    response = coordinator_client.post(
        en("co_payout_failed", run.pk, wang.pk), {f"p{wang.pk}-why": "账号已销户"}
    )

    assert response.status_code == 302
    wang.refresh_from_db()
    assert (wang.status, wang.failure) == (PayoutStatus.FAILED, "账号已销户")
    reversal = LedgerEntry.objects.get(payout=wang, kind=EntryKind.REVERSAL)
    assert (reversal.amount, reversal.created_by) == (Decimal("140.00"), coordinator.user)
    assert balance_of(mothers.wang) == Decimal("140.00")
    assert any(
        "the next run pays it" in m for m in said(coordinator_client.get(response["Location"]))
    )
    # Twice is once.
    coordinator_client.post(en("co_payout_failed", run.pk, wang.pk), {f"p{wang.pk}-why": "again"})
    assert LedgerEntry.objects.filter(payout=wang, kind=EntryKind.REVERSAL).count() == 1


def test_marking_failed_needs_a_reason_and_is_not_for_stripe(coordinator_client, run, mothers):
    wang, li = payout_of(run, mothers.wang), payout_of(run, mothers.li)
    before = entries()

    empty = coordinator_client.post(
        en("co_payout_failed", run.pk, wang.pk), {f"p{wang.pk}-why": " "}
    )
    stripe = coordinator_client.post(en("co_payout_failed", run.pk, li.pk), {f"p{li.pk}-why": "no"})

    assert empty.status_code == 400
    assert "Say why the money did not reach her" in empty.content.decode()
    assert stripe.status_code == 409
    assert "Stripe reports its own failed transfers." in stripe.content.decode()
    assert entries() == before
    assert {p.status for p in (payout_of(run, mothers.wang), payout_of(run, mothers.li))} == {
        PayoutStatus.PENDING,
        PayoutStatus.PAID,
    }


def test_a_run_left_when_stripe_was_unreachable_is_resumed_from_its_page(
    coordinator_client, cooperative, mothers, monkeypatch
):
    down = FakeTransfers(fail=stripe_gateway.GatewayError("connection refused"))
    monkeypatch.setattr(stripe_gateway, "transfer_create", down)
    start(coordinator_client, cooperative)
    run = PayoutRun.objects.get()
    assert run.status == RunStatus.RUNNING

    page = coordinator_client.get(en("co_payout_run", run.pk)).content.decode()
    assert "1 Stripe transfer is still waiting" in page
    assert en("co_payout_resume", run.pk) in page

    up = FakeTransfers()
    monkeypatch.setattr(stripe_gateway, "transfer_create", up)
    response = coordinator_client.post(en("co_payout_resume", run.pk))

    assert response.status_code == 302
    li = payout_of(run, mothers.li)
    assert li.status == PayoutStatus.PAID
    assert [c["idempotency_key"] for c in up.calls] == [li.idempotency_key]
    assert [c["idempotency_key"] for c in down.calls] == [li.idempotency_key]
    run.refresh_from_db()
    assert run.status == RunStatus.AWAITING
    assert "Every Stripe transfer of this run is made." in said(
        coordinator_client.get(en("co_payout_run", run.pk))
    )
    # Resuming a run with nothing left to pay pays nothing.
    coordinator_client.post(en("co_payout_resume", run.pk))
    assert len(up.calls) == 1
