"""The coordinator's payouts at /co/payouts/: who may do what there (another cooperative's
coordinator, mothers, visitors, ids beyond the database) and what the pages cost in queries
(the pages themselves: test_payout_views.py)."""

import pytest

from marketplace.models import Role
from orders.models import (
    Payout,
    PayoutProfile,
    PayoutRun,
)
from orders.money.services.payouts import problem_report, run_start
from tests.factories import MembershipFactory
from tests.orders.money_world import (
    CUTOFF,
    bank_profile,
    earning_mother,
    entries,
    payout_of,
    stripe_profile,
)
from tests.pages import en

# Who may do what ------------------------------------------------------------------------


def _addresses(run, payout, mother) -> list[tuple[str, str, dict]]:
    ref = {f"p{payout.pk}-reference": "R-1", f"p{payout.pk}-why": "x"}
    return [
        ("get", en("co_payout_run", run.pk), {}),
        ("get", en("co_payout_export", run.pk, "csv"), {}),
        ("get", en("co_payout_export", run.pk, "xlsx"), {}),
        ("post", en("co_payout_resume", run.pk), {}),
        ("post", en("co_payout_paid", run.pk, payout.pk), ref),
        ("post", en("co_payout_failed", run.pk, payout.pk), ref),
        ("get", en("co_mother_ledger", mother.pk), {}),
        ("post", en("co_mother_ledger", mother.pk), {"amount": "5", "reason": "x"}),
        ("get", en("co_payout_details", mother.pk), {}),
        ("post", en("co_payout_details", mother.pk), {"rail": "offline", "method": "cash"}),
        ("post", en("co_payout_stripe", mother.pk), {}),
    ]


def _state():
    return (
        list(Payout.objects.values_list("pk", "status", "reference", "failure")),
        entries(),
        list(PayoutProfile.objects.values_list("pk", "rail", "method", "stripe_account_id")),
        list(PayoutRun.objects.values_list("pk", "status")),
    )


def test_another_cooperatives_coordinator_finds_nothing_and_changes_nothing(
    client, run, mothers, transfers
):
    stranger = MembershipFactory(role=Role.COORDINATOR)  # of another cooperative
    client.force_login(stranger.user)
    before = _state()

    for method, url, data in _addresses(run, payout_of(run, mothers.wang), mothers.wang):
        assert getattr(client, method)(url, data).status_code == 404, url

    assert _state() == before
    assert client.get(en("co_payouts")).context["page_obj"].paginator.count == 0


def test_a_coordinators_own_membership_is_not_a_mothers_statement(coordinator_client, coordinator):
    assert coordinator_client.get(en("co_mother_ledger", coordinator.pk)).status_code == 404


def test_mothers_are_refused_and_change_nothing(client, run, mothers, transfers):
    client.force_login(mothers.wang.user)
    before = _state()
    addresses = _addresses(run, payout_of(run, mothers.wang), mothers.wang)
    addresses += [("get", en("co_payouts"), {}), ("get", en("co_payout_preview"), {})]

    for method, url, data in addresses:
        assert getattr(client, method)(url, data).status_code == 403, url

    assert _state() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, run, mothers):
    client.logout()
    for method, url, data in _addresses(run, payout_of(run, mothers.wang), mothers.wang):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_ids_beyond_any_database_are_not_found(coordinator_client, run):
    huge = 2**70
    assert coordinator_client.get(f"/en/co/payouts/{huge}/").status_code == 404
    assert coordinator_client.get(f"/en/co/payouts/mothers/{huge}/").status_code == 404
    assert (
        coordinator_client.post(f"/en/co/payouts/{run.pk}/payouts/{huge}/paid/").status_code == 404
    )


# Query counts ------------------------------------------------------------------------------


def _run_of(n: int, order, coordinator) -> PayoutRun:
    for i in range(n):
        profile = bank_profile(bank="农商银行", holder=f"妈妈{i}", number=f"62{i:014d}")
        earning_mother(order, accepted=1, actor=coordinator.user, name=f"妈妈{i}", **profile)
    run = run_start(cooperative=order.cooperative, actor=coordinator.user)
    for payout in Payout.objects.filter(run=run)[: n // 3]:
        problem_report(payout=payout, problem="没到账")
    return run


@pytest.mark.parametrize("count", [3, 30])
def test_run_page_and_exports_take_the_same_queries_for_3_or_30_payouts(
    coordinator_client, order, coordinator, count, django_assert_max_num_queries
):
    run = _run_of(count, order, coordinator)

    with django_assert_max_num_queries(7):
        response = coordinator_client.get(en("co_payout_run", run.pk))
    with django_assert_max_num_queries(5):
        coordinator_client.get(en("co_payout_export", run.pk, "xlsx"))
    with django_assert_max_num_queries(7):
        coordinator_client.get(en("co_payouts"))

    assert len(response.context["payouts"]) == count


@pytest.mark.parametrize("count", [3, 30])
def test_preview_takes_the_same_queries_for_3_or_30_mothers(
    coordinator_client, order, coordinator, count, django_assert_max_num_queries
):
    for i in range(count):
        profile = (
            stripe_profile(f"acct_{i}")
            if i % 2
            else bank_profile(bank="农商银行", holder="x", number="1")
        )
        earning_mother(order, accepted=1, actor=coordinator.user, **profile)

    with django_assert_max_num_queries(9):
        response = coordinator_client.get(en("co_payout_preview"), {"cutoff": CUTOFF().isoformat()})

    assert len(response.context["preview"].dues) == count
