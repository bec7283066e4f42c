"""Payout details that name someone else (issue 12, point 15): 杨敏's WeChat account is in
陈静's name. The coordinator is told on the run's preview, on 杨敏's statement, payout details
and member page, and no payout goes to that account until a coordinator has said it is right
for her; who said so, and when, is recorded on her details and on each payout it let through.
"""

from decimal import Decimal

import pytest

from orders.models import OfflineMethod, Payout, PayoutProfile, PayoutRun, Rail, same_person
from orders.money.services.payout_profiles import payout_profile_update
from orders.money.services.payouts import PayoutError, payout_preview, run_start
from tests.orders.factories import ProductionOrderFactory, earn, mother_for
from tests.orders.money_world import earning_mother, entries, preview, start
from tests.pages import en, said


def wechat(holder: str, number: str = "wxid_chenjing88") -> dict:
    return {
        "rail": Rail.OFFLINE,
        "method": OfflineMethod.WECHAT,
        "account_name": holder,
        "account_number": number,
    }


@pytest.fixture
def yang(order, coordinator):
    """杨敏, owed 20 × ¥3.50 = ¥70.00, paid to 陈静's WeChat account."""
    return earning_mother(order, accepted=20, actor=coordinator.user, name="杨敏", **wechat("陈静"))


@pytest.mark.parametrize(
    ("name", "holder", "same"),
    [
        ("杨敏", "杨敏", True),
        ("杨敏", " 杨 敏 ", True),  # spaces typed in, or a full-width one
        ("杨敏", "杨\u3000敏", True),
        ("杨敏", "陈静", False),
        ("杨敏", "楊敏", False),  # Chinese names compare exactly: another character
        ("杨敏", "杨敏敏", False),
        ("Anna Li", "  anna   LI ", True),
        ("Anna Li", "Anna Lee", False),
    ],
)
def test_an_account_holder_is_the_mother_as_people_type_names(name, holder, same):
    assert same_person(name, holder) is same


@pytest.mark.django_db
class TestRunStart:
    def test_a_payout_to_someone_elses_account_waits_for_her_word(self, order, yang):
        shown = payout_preview(cooperative=order.cooperative)
        before = entries()

        with pytest.raises(PayoutError) as refused:
            run_start(
                cooperative=order.cooperative,
                actor=None,
                cutoff=shown.cutoff,
                expected=shown.fingerprint,
            )

        assert [due.mother for due in shown.unconfirmed] == [yang]
        assert "杨敏" in refused.value.message and "陈静" in refused.value.message
        assert not PayoutRun.objects.exists()
        assert entries() == before
        assert not PayoutProfile.objects.get(membership=yang).holder_confirmed_at

    def test_her_word_is_recorded_on_the_details_and_the_payout(self, order, yang, coordinator):
        run = run_start(
            cooperative=order.cooperative, actor=coordinator.user, holders_confirmed={yang.pk}
        )

        profile = PayoutProfile.objects.get(membership=yang)
        payout = Payout.objects.get(run=run, mother=yang)
        assert profile.holder_confirmed_by == coordinator.user
        assert profile.holder_confirmed_at is not None
        assert (payout.holder_confirmed_by, payout.holder_confirmed_at) == (
            coordinator.user,
            profile.holder_confirmed_at,
        )
        assert (payout.account_name, payout.amount) == ("陈静", Decimal("70.00"))

    def test_her_word_holds_for_later_runs_until_the_account_changes(
        self, order, yang, coordinator
    ):
        run_start(
            cooperative=order.cooperative, actor=coordinator.user, holders_confirmed={yang.pk}
        )
        earn(order, yang, accepted=2, actor=coordinator.user)
        run_start(cooperative=order.cooperative, actor=None)  # the same account: no question

        payout_profile_update(membership=yang, bank_name="", **wechat("陈静", "wxid_other"))
        earn(order, yang, accepted=2, actor=coordinator.user)
        with pytest.raises(PayoutError):
            run_start(cooperative=order.cooperative, actor=None)
        assert PayoutRun.objects.count() == 2

    def test_her_own_name_cash_and_stripe_need_no_word(self, order, coordinator):
        actor = coordinator.user
        earning_mother(order, accepted=1, actor=actor, name="杨敏", **wechat("杨 敏"))
        earning_mother(order, accepted=1, actor=actor, name="李红", method=OfflineMethod.CASH)
        earning_mother(
            order, accepted=1, actor=actor, name="张丽", rail=Rail.STRIPE, account_name="别人"
        )

        assert payout_preview(cooperative=order.cooperative).unconfirmed == []
        assert run_start(cooperative=order.cooperative, actor=None).payouts.count() == 3


@pytest.mark.django_db
class TestPages:
    def test_the_preview_warns_and_asks_for_her_word(self, coordinator_client, cooperative, yang):
        page = preview(coordinator_client, cooperative).content.decode()

        row = page[page.index(f'data-mother="{yang.pk}"') :]
        row = row[: row.index("</tr>")]
        assert "data-holder-unconfirmed" in row
        assert "Not in 杨敏's name but in 陈静's." in row
        assert f'name="holders" value="{yang.pk}" form="confirm-run"' in row
        assert 'id="holders-to-confirm"' in page

    def test_paying_without_her_word_is_refused_clearly(
        self, coordinator_client, cooperative, yang
    ):
        before = entries()

        response = start(coordinator_client, cooperative)

        assert response.status_code == 409
        assert "杨敏 would be paid to an account in the name of 陈静" in response.content.decode()
        assert not PayoutRun.objects.exists()
        assert entries() == before

    @pytest.mark.parametrize("holders", [["x"], ["-1"], ["9" * 40], ["0"]])
    def test_garbage_in_place_of_her_word_is_no_word(
        self, coordinator_client, cooperative, yang, holders
    ):
        response = start(coordinator_client, cooperative, holders=holders)

        assert response.status_code == 409
        assert not PayoutRun.objects.exists()

    def test_paying_with_her_word_records_who_and_when(
        self, coordinator_client, cooperative, yang, coordinator
    ):
        response = start(coordinator_client, cooperative, holders=[str(yang.pk)])

        assert response.status_code == 302
        payout = Payout.objects.get(mother=yang)
        assert payout.holder_confirmed_by == coordinator.user
        assert payout.holder_confirmed_at is not None
        again = preview(coordinator_client, cooperative)
        assert again.context["preview"].dues == []

    @pytest.mark.parametrize("page", ["co_mother_ledger", "co_payout_details", "co_member"])
    def test_her_pages_warn_and_take_the_word(self, coordinator_client, yang, coordinator, page):
        address = en(page, yang.pk)

        shown = coordinator_client.get(address).content.decode()
        unticked = coordinator_client.post(
            en("co_payout_holder", yang.pk), {"next": address}, follow=True
        )
        assert not PayoutProfile.objects.get(membership=yang).holder_confirmed_at
        ticked = coordinator_client.post(
            en("co_payout_holder", yang.pk), {"confirm": "on", "next": address}
        )

        assert 'id="holder-warning"' in shown
        assert "杨敏's payouts go to 陈静's WeChat Pay account." in shown
        assert "Tick the box to confirm that the account is right." in said(unticked)
        assert ticked.status_code == 302 and ticked["Location"] == address
        profile = PayoutProfile.objects.get(membership=yang)
        assert profile.holder_confirmed_by == coordinator.user
        after = coordinator_client.get(address).content.decode()
        assert 'id="holder-confirmed"' in after
        assert "Confirmed as right for her by" in after

    def test_her_own_account_shows_no_warning(self, coordinator_client, order, coordinator):
        mother = earning_mother(
            order, accepted=1, actor=coordinator.user, name="杨敏", **wechat("杨敏")
        )

        page = coordinator_client.get(en("co_mother_ledger", mother.pk)).content.decode()
        response = coordinator_client.post(en("co_payout_holder", mother.pk), {"confirm": "on"})

        assert 'id="holder-warning"' not in page
        followed = said(coordinator_client.get(response["Location"]))
        assert followed == ["Her payout details name her: there is nothing to confirm."]

    def test_another_cooperatives_mother_is_not_found(self, coordinator_client):
        elsewhere = mother_for(ProductionOrderFactory())

        response = coordinator_client.post(en("co_payout_holder", elsewhere.pk), {"confirm": "on"})

        assert response.status_code == 404

    def test_a_next_address_elsewhere_is_not_followed(self, coordinator_client, yang):
        response = coordinator_client.post(
            en("co_payout_holder", yang.pk), {"confirm": "on", "next": "https://evil.example/"}
        )

        assert response["Location"] == en("co_payout_details", yang.pk)
