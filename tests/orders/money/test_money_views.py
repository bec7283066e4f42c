"""The mother's "My money" at /work/money/: her figures per cooperative, her statement with
every entry traceable, her payouts confirmed received or with a problem reported; only her
own, and in the same number of queries however many entries.

Money is made through the services only; Stripe is never called (her payouts here are
offline, or Stripe through a stand-in: the real HTTP path is covered by
tests/orders/money/test_payouts.py with a fake Stripe server). Pages are read in English.
"""

from decimal import Decimal

import pytest

from marketplace import stripe_gateway
from marketplace.models import Role
from orders.models import EntryKind, Payout, PayoutStatus
from orders.money.services.ledger import adjustment_record
from orders.money.services.payouts import offline_paid, payout_fail, run_execute, run_start
from orders.production.services.claims import claim_set
from orders.production.services.handovers import handover_record
from tests.factories import MembershipFactory
from tests.orders.factories import (
    AdjustmentFactory,
    PayoutProfileFactory,
    PayoutRunFactory,
    ProductionOrderFactory,
    earn,
    mother_for,
)
from tests.orders.money_world import TODAY, FakeTransfers, stripe_profile
from tests.pages import en, said


@pytest.fixture
def paid_run(order, mother, coordinator):
    """She earned 40 × ¥3.50 = ¥140.00, was paid it in cash (reference 收据-7), then earned
    10 × ¥3.50 = ¥35.00 more and got a ¥20.00 bonus: she is owed ¥55.00."""
    actor = coordinator.user
    earn(order, mother, accepted=40, actor=actor)
    run = PayoutRunFactory(cooperative=order.cooperative, actor=actor)
    offline_paid(payout=Payout.objects.get(run=run), reference="收据-7", actor=actor)
    earn(order, mother, accepted=10, rejected=2, actor=actor)
    AdjustmentFactory(mother=mother, amount=Decimal("20.00"), reason="春节奖励", actor=actor)
    return run


def money(client, **params):
    return client.get(en("work_money"), params)


# What she sees -------------------------------------------------------------------------


def test_her_figures_this_month_awaiting_paid_and_owed(mother_client, order, mother, paid_run):
    claim = claim_set(order=order, mother=mother, quantity=60)  # 8 more to make
    handover_record(claim=claim, count=6, actor=None)  # 6 × ¥3.50 = ¥21.00 awaiting

    response = money(mother_client)

    assert response.status_code == 200
    [mine] = response.context["moneys"]
    assert (mine.month, mine.earned, mine.adjusted) == (
        Decimal("175.00"),
        Decimal("175.00"),
        Decimal("20.00"),
    )
    assert (mine.paid, mine.on_its_way, mine.balance) == (
        Decimal("140.00"),
        Decimal("0.00"),
        Decimal("55.00"),
    )
    assert (mine.waiting_pieces, mine.waiting_value) == (6, Decimal("21.00"))
    page = response.content.decode()
    assert "data-month>¥175.00<" in page
    assert "6 pieces · ¥21.00" in page
    assert "data-paid>¥140.00<" in page
    assert "data-balance>¥55.00<" in page
    assert 'href="/en/work/money/" aria-current="page"' in page  # the "My money" chip


def test_a_payout_on_its_way_counts_as_paid_and_says_so(mother_client, order, mother, coordinator):
    earn(order, mother, accepted=40, actor=coordinator.user)
    run_start(cooperative=order.cooperative, actor=coordinator.user)

    response = money(mother_client)

    [mine] = response.context["moneys"]
    assert (mine.paid, mine.on_its_way, mine.balance) == (
        Decimal("140.00"),
        Decimal("140.00"),
        Decimal("0.00"),
    )
    assert "of which ¥140.00 on its way" in response.content.decode()


def test_her_statement_traces_every_entry(mother_client, order, mother, paid_run):
    response = money(mother_client)

    entries = list(response.context["page_obj"])
    assert [e.kind for e in entries] == [
        EntryKind.ADJUSTMENT,
        EntryKind.EARNING,
        EntryKind.PAYOUT,
        EntryKind.EARNING,
    ]
    page = response.content.decode()
    claim_id = entries[1].inspection.handover.claim_id
    assert page.count(f'href="{en("work_claim", claim_id)}"') == 2
    assert "Red 8-inch knot" in page
    assert f"handed over {TODAY().isoformat()}" in page
    assert "10 pieces accepted" in page and "40 pieces accepted" in page
    assert "春节奖励" in page
    assert f"Payout for earnings up to {TODAY().isoformat()}" in page
    assert "Cash" in page
    assert "Reference 收据-7" in page
    assert "+¥20.00" in page and "−¥140.00" in page and "+¥35.00" in page


def test_several_cooperatives_each_have_their_figures(mother_client, order, mother, coordinator):
    other = ProductionOrderFactory(
        required_skill=order.required_skill, piece_rate=Decimal("2.00"), max_per_mother=500
    )
    there = MembershipFactory(user=mother.user, cooperative=other.cooperative, role=Role.MOTHER)
    there.skills.create(skill=order.required_skill)
    earn(order, mother, accepted=4, actor=coordinator.user)  # ¥14.00
    earn(other, there, accepted=5, actor=None)  # ¥10.00

    response = money(mother_client)

    moneys = {m.cooperative.pk: m.balance for m in response.context["moneys"]}
    assert moneys == {
        order.cooperative_id: Decimal("14.00"),
        other.cooperative_id: Decimal("10.00"),
    }
    page = response.content.decode()
    assert order.cooperative.name_en in page and other.cooperative.name_en in page


def test_a_mother_with_no_money_yet_is_told_what_to_expect(mother_client):
    response = money(mother_client)

    assert response.status_code == 200
    assert "No money yet" in response.content.decode()


def test_entries_are_paginated_by_30(mother_client, order, mother, coordinator):
    for _ in range(31):
        earn(order, mother, accepted=1, actor=coordinator.user)

    first, second = money(mother_client), money(mother_client, page=2)

    assert len(first.context["page_obj"]) == 30
    assert len(second.context["page_obj"]) == 1
    assert first.context["moneys"][0].earned == Decimal("108.50")  # 31 × ¥3.50, all pages


# Her payouts ---------------------------------------------------------------------------


def test_she_confirms_a_paid_payout_received(mother_client, mother, paid_run):
    payout = Payout.objects.get(run=paid_run)
    page = money(mother_client).content.decode()
    assert en("work_payout_received", payout.pk) in page

    response = mother_client.post(en("work_payout_received", payout.pk))

    assert response.status_code == 302
    assert response["Location"] == en("work_money") + f"#payout-{payout.pk}"
    payout.refresh_from_db()
    assert payout.receipt_confirmed_at is not None
    followed = mother_client.get(en("work_money"))
    assert "Thank you: you confirmed that the money arrived." in said(followed)
    assert en("work_payout_received", payout.pk) not in followed.content.decode()
    assert "You confirmed receipt on" in followed.content.decode()


def test_a_payout_not_yet_paid_cannot_be_confirmed(mother_client, order, mother, coordinator):
    earn(order, mother, accepted=4, actor=coordinator.user)
    run = run_start(cooperative=order.cooperative, actor=coordinator.user)
    payout = Payout.objects.get(run=run)

    response = mother_client.post(en("work_payout_received", payout.pk), follow=True)

    assert "not marked as paid yet" in said(response)[0]
    payout.refresh_from_db()
    assert payout.receipt_confirmed_at is None


def test_she_reports_a_problem(mother_client, mother, paid_run):
    payout = Payout.objects.get(run=paid_run)

    response = mother_client.post(
        en("work_payout_problem", payout.pk), {f"p{payout.pk}-problem": " 只收到 100 元 "}
    )

    assert response.status_code == 302
    payout.refresh_from_db()
    assert payout.problem == "只收到 100 元"
    assert payout.problem_at is not None
    assert "You reported: 只收到 100 元" in mother_client.get(en("work_money")).content.decode()


@pytest.mark.parametrize("problem", ["", "   ", "x" * 301])
def test_an_empty_or_overlong_problem_is_refused_and_changes_nothing(
    mother_client, paid_run, problem
):
    payout = Payout.objects.get(run=paid_run)

    response = mother_client.post(
        en("work_payout_problem", payout.pk), {f"p{payout.pk}-problem": problem}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Say what is wrong" in page or "at most 300 characters" in page
    payout.refresh_from_db()
    assert (payout.problem, payout.problem_at) == ("", None)


def test_a_failed_payout_says_the_money_is_owed_again(mother_client, order, mother, coordinator):
    earn(order, mother, accepted=4, actor=coordinator.user)
    run = run_start(cooperative=order.cooperative, actor=coordinator.user)
    payout_fail(payout=Payout.objects.get(run=run), why="账号错误", actor=coordinator.user)

    response = money(mother_client)

    assert response.context["moneys"][0].balance == Decimal("14.00")
    page = response.content.decode()
    assert "did not reach you" in page and "账号错误" in page
    assert [e.kind for e in response.context["page_obj"]][0] == EntryKind.REVERSAL


def test_a_stripe_payout_shows_as_a_stripe_transfer(
    mother_client, order, mother, coordinator, monkeypatch
):
    monkeypatch.setattr(stripe_gateway, "transfer_create", FakeTransfers())
    PayoutProfileFactory(membership=mother, **stripe_profile("acct_mama"))
    earn(order, mother, accepted=4, actor=coordinator.user)
    run_execute(run_start(cooperative=order.cooperative, actor=None))

    page = money(mother_client).content.decode()

    assert "Stripe transfer" in page
    assert Payout.objects.get().status == PayoutStatus.PAID


# Only her own ----------------------------------------------------------------------------


def test_someone_elses_payout_is_not_found_and_nothing_changes(
    client, order, coordinator, paid_run
):
    other = mother_for(order)
    client.force_login(other.user)
    payout = Payout.objects.get(run=paid_run)

    received = client.post(en("work_payout_received", payout.pk))
    problem = client.post(en("work_payout_problem", payout.pk), {f"p{payout.pk}-problem": "x"})

    assert received.status_code == problem.status_code == 404
    payout.refresh_from_db()
    assert (payout.receipt_confirmed_at, payout.problem) == (None, "")
    assert money(client).context["payouts"] == []


def test_a_coordinator_is_not_a_mother_here(client, coordinator, paid_run):
    client.force_login(coordinator.user)

    assert money(client).status_code == 403
    payout = Payout.objects.get(run=paid_run)
    assert client.post(en("work_payout_received", payout.pk)).status_code == 404


def test_a_former_mother_still_sees_and_confirms_her_money(mother_client, mother, paid_run):
    mother.is_active = False
    mother.save(update_fields=["is_active"])

    assert money(mother_client).context["moneys"][0].balance == Decimal("55.00")
    payout = Payout.objects.get(run=paid_run)
    mother_client.post(en("work_payout_received", payout.pk))
    payout.refresh_from_db()
    assert payout.receipt_confirmed_at is not None


def test_anonymous_visitors_are_sent_to_sign_in(client, paid_run):
    payout = Payout.objects.get(run=paid_run)
    for response in (
        client.get(en("work_money")),
        client.post(en("work_payout_received", payout.pk)),
        client.post(en("work_payout_problem", payout.pk), {"problem": "x"}),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_huge_payout_id_is_not_found(mother_client):
    assert mother_client.post(f"/en/work/money/payouts/{2**70}/received/").status_code == 404


# Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_money_page_takes_the_same_queries_however_many_entries_and_payouts(
    mother_client, order, mother, coordinator, count, django_assert_max_num_queries
):
    for n in range(count):
        earn(order, mother, accepted=1, actor=coordinator.user)
        adjustment_record(mother=mother, amount=Decimal("1.00"), reason=f"奖励{n}", actor=None)
    run = run_start(cooperative=order.cooperative, actor=coordinator.user)
    offline_paid(payout=Payout.objects.get(run=run), reference="R", actor=coordinator.user)

    with django_assert_max_num_queries(10):
        response = money(mother_client)

    assert len(response.context["page_obj"]) == min(2 * count + 1, 30)
