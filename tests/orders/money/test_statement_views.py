"""A mother's statement and adjustments (/co/payouts/mothers/<id>/) and her payout details,
as her coordinator sees them: every entry and the balance's parts, adjustments recorded with
their reason and who made them, bad amounts refused clearly, payout details that can pay her
(bank, cash, Stripe onboarding), in the same number of queries however many entries.

Money is made through the services only; Stripe is never called (stand-ins answer for the
gateway). Pages are read in English (/en/).
"""

from decimal import Decimal

import pytest

from marketplace import stripe_gateway
from orders.models import EntryKind, LedgerEntry, OfflineMethod, PayoutProfile, Rail
from orders.money.services.ledger import adjustment_record, balance_of
from orders.money.services.payouts import run_start
from tests.localstripe import free_port
from tests.orders.factories import earn, mother_for
from tests.orders.money_world import entries
from tests.pages import en, said

# A mother's statement and adjustments ------------------------------------------------------


def test_statement_shows_her_balance_parts_and_every_entry_newest_first(
    coordinator_client, run, mothers, coordinator, order
):
    adjustment_record(
        mother=mothers.wang, amount=Decimal("20.00"), reason="春节奖励", actor=coordinator.user
    )

    response = coordinator_client.get(en("co_mother_ledger", mothers.wang.pk))
    page = response.content.decode()

    assert response.status_code == 200
    assert response.context["parts"] == {
        "earned": Decimal("140.00"),
        "adjusted": Decimal("20.00"),
        "paid": Decimal("140.00"),
        "balance": Decimal("20.00"),
    }
    kinds = [entry.kind for entry in response.context["page_obj"]]
    assert kinds == [EntryKind.ADJUSTMENT, EntryKind.PAYOUT, EntryKind.EARNING]
    assert "春节奖励" in page
    assert "+¥20.00" in page and "−¥140.00" in page
    assert en("co_order", order.pk) in page
    assert en("co_payout_run", run.pk) in page
    assert coordinator.user.get_full_name() in page


def test_an_adjustment_is_recorded_with_its_reason_and_who_made_it(
    coordinator_client, mothers, coordinator
):
    response = coordinator_client.post(
        en("co_mother_ledger", mothers.wang.pk), {"amount": "-5.50", "reason": " 迟交 扣款 "}
    )

    assert response.status_code == 302
    entry = LedgerEntry.objects.get(kind=EntryKind.ADJUSTMENT)
    assert (entry.mother, entry.amount, entry.memo, entry.created_by) == (
        mothers.wang,
        Decimal("-5.50"),
        "迟交 扣款",
        coordinator.user,
    )
    assert balance_of(mothers.wang) == Decimal("134.50")
    assert "Recorded: −¥5.50 for 王秀兰." in said(coordinator_client.get(response["Location"]))


@pytest.mark.parametrize("typed", ["¥20", "２０", "+20.00", "20"])
def test_an_amount_may_be_typed_as_people_type_it(coordinator_client, mothers, typed):
    coordinator_client.post(
        en("co_mother_ledger", mothers.wang.pk), {"amount": typed, "reason": "奖励"}
    )

    assert LedgerEntry.objects.get(kind=EntryKind.ADJUSTMENT).amount == Decimal("20.00")


@pytest.mark.parametrize(
    ("amount", "reason", "status", "message"),
    [
        ("0", "奖励", 409, "An adjustment of ¥0.00 changes nothing."),
        ("-0", "奖励", 409, "An adjustment of ¥0.00 changes nothing."),
        ("−0.00", "奖励", 409, "An adjustment of ¥0.00 changes nothing."),
        ("1000000000", "奖励", 409, "is surely a slip"),
        ("10⁹", "奖励", 400, "Enter an amount in yuan"),
        ("1e9", "奖励", 400, "Enter an amount in yuan"),
        ("twenty", "奖励", 400, "Enter an amount in yuan"),
        ("12,50", "奖励", 400, "Enter an amount in yuan"),
        ("NaN", "奖励", 400, "Enter an amount in yuan"),
        ("", "奖励", 400, "Enter an amount in yuan."),
        ("1.234", "奖励", 409, "at most two decimals"),
        ("20", "", 400, "Say why: the mother sees this reason"),
        ("20", "   ", 400, "Say why: the mother sees this reason"),
        ("-140.01", "扣款", 409, "This deduction is more than her balance of ¥140.00."),
    ],
)
def test_a_bad_adjustment_is_refused_clearly_and_changes_nothing(
    coordinator_client, mothers, amount, reason, status, message
):
    before = entries()

    response = coordinator_client.post(
        en("co_mother_ledger", mothers.wang.pk), {"amount": amount, "reason": reason}
    )

    assert response.status_code == status
    assert message in response.content.decode()
    assert entries() == before
    assert balance_of(mothers.wang) == Decimal("140.00")


def test_the_whole_balance_may_be_deducted(coordinator_client, mothers):
    coordinator_client.post(
        en("co_mother_ledger", mothers.wang.pk), {"amount": "-140", "reason": "退回"}
    )

    assert balance_of(mothers.wang) == 0


def test_the_roster_links_to_her_statement_and_payout_details(coordinator_client, mothers):
    page = coordinator_client.get(en("co_member", mothers.wang.pk)).content.decode()

    assert en("co_mother_ledger", mothers.wang.pk) in page
    assert en("co_payout_details", mothers.wang.pk) in page


# Her payout details ------------------------------------------------------------------------


def test_payout_details_are_kept_for_a_mother_without_any(coordinator_client, order):
    mother = mother_for(order)

    response = coordinator_client.post(
        en("co_payout_details", mother.pk),
        {
            "rail": Rail.OFFLINE,
            "method": OfflineMethod.WECHAT,
            "account_number": " wxid_mama01 ",
            "account_name": "",
            "bank_name": "",
        },
    )

    assert response.status_code == 302
    profile = PayoutProfile.objects.get(membership=mother)
    assert (profile.rail, profile.method, profile.account_number) == (
        Rail.OFFLINE,
        OfflineMethod.WECHAT,
        "wxid_mama01",
    )


def test_payout_details_keep_her_stripe_account(coordinator_client, mothers):
    coordinator_client.post(
        en("co_payout_details", mothers.li.pk),
        {"rail": Rail.STRIPE, "method": OfflineMethod.CASH},
    )

    assert PayoutProfile.objects.get(membership=mothers.li).stripe_account_id == "acct_li"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"rail": Rail.OFFLINE, "method": OfflineMethod.BANK, "account_name": "王秀兰"},
            "bank_name",
        ),
        ({"rail": Rail.OFFLINE, "method": OfflineMethod.ALIPAY}, "account_number"),
        ({"rail": "paypal", "method": OfflineMethod.CASH}, "rail"),
        ({"rail": Rail.OFFLINE, "method": "gold"}, "method"),
    ],
)
def test_payout_details_that_cannot_pay_her_are_refused(coordinator_client, mothers, data, field):
    before = PayoutProfile.objects.get(membership=mothers.wang)

    response = coordinator_client.post(en("co_payout_details", mothers.wang.pk), data)

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    after = PayoutProfile.objects.get(membership=mothers.wang)
    assert (after.method, after.bank_name) == (before.method, before.bank_name)


def test_stripe_setup_says_so_when_stripe_cannot_be_reached(coordinator_client, order, settings):
    """The real gateway, aimed at a port nobody listens on (in the demo and the tests Stripe
    Connect is not available: localstripe has no connected accounts)."""
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    mother = mother_for(order)

    response = coordinator_client.post(en("co_payout_stripe", mother.pk))

    assert response.status_code == 302
    assert response["Location"] == en("co_payout_details", mother.pk)
    assert "Stripe cannot be reached; try again later." in said(
        coordinator_client.get(response["Location"])
    )
    assert PayoutProfile.objects.get(membership=mother).stripe_account_id == ""


def test_stripe_setup_creates_her_account_once_and_sends_to_onboarding(
    coordinator_client, order, monkeypatch
):
    """Stripe Connect is not available in the tests (localstripe lacks it): the gateway's
    two calls are stood in for, to check what the view asks of them."""
    created, linked = [], []

    def account_create(*, email, idempotency_key):
        created.append(idempotency_key)
        return "acct_new"

    def link_create(*, account, refresh_url, return_url):
        linked.append((account, refresh_url, return_url))
        return "https://connect.stripe.com/setup/e/acct_new/abc"

    monkeypatch.setattr(stripe_gateway, "connected_account_create", account_create)
    monkeypatch.setattr(stripe_gateway, "account_link_create", link_create)
    mother = mother_for(order)

    first = coordinator_client.post(en("co_payout_stripe", mother.pk))
    again = coordinator_client.post(en("co_payout_stripe", mother.pk))

    assert first.status_code == again.status_code == 302
    assert first["Location"] == "https://connect.stripe.com/setup/e/acct_new/abc"
    assert created == [f"mamagang-account-{mother.pk}"]
    details = "http://testserver" + en("co_payout_details", mother.pk)
    assert linked == [("acct_new", details, details)] * 2
    assert PayoutProfile.objects.get(membership=mother).stripe_account_id == "acct_new"


@pytest.mark.parametrize("count", [3, 30])
def test_statement_takes_the_same_queries_however_many_entries(
    coordinator_client, order, coordinator, count, django_assert_max_num_queries
):
    mother = mother_for(order)
    for _ in range(count):
        earn(order, mother, accepted=1, actor=coordinator.user)
    run_start(cooperative=order.cooperative, actor=coordinator.user)

    with django_assert_max_num_queries(9):
        response = coordinator_client.get(en("co_mother_ledger", mother.pk))

    assert len(response.context["page_obj"]) == min(count + 1, 30)
