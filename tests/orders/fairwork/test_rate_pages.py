"""Where fair rates show: the coordinator's order form (implied hourly pay, the second
confirmation below the minimum), her order page (the check and the recorded reason), the
mother's claim page ("40 pieces take about 6 hours") and the federation overview. Read in
English unless a test says otherwise."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from orders.dates import DateRange
from orders.fairwork.selectors.federation import fair_rates_overview
from orders.models import OrderStatus, ProductionOrder
from orders.production.services.orders import order_publish
from tests.factories import CooperativeFactory, MinimumWageFactory, UserFactory
from tests.orders.factories import knot_order
from tests.orders.production.helpers import claim_page, order_fields, page_queries
from tests.pages import en, page, said, zh

pytestmark = pytest.mark.django_db

REASON = "新品试做，两周后复测"


@pytest.fixture
def wage(cooperative):
    wage = MinimumWageFactory()
    cooperative.region = wage.region
    cooperative.save()
    return wage


@pytest.fixture
def timed(order, wage):
    """The order's product takes 7 minutes a piece (¥3.50: ¥30.00 an hour)."""
    type(order.product).objects.filter(pk=order.product_id).update(standard_minutes=Decimal("7"))
    return order.product


def new_orders(order):
    return ProductionOrder.objects.exclude(pk=order.pk)


# The order form ------------------------------------------------------------------------------


def test_the_form_offers_each_products_standard_time_and_minimum(coordinator_client, timed):
    response = coordinator_client.get(en("co_order_new"))
    facts = response.context["rate_facts"][str(timed.pk)]
    assert facts == {
        "minutes": "7.00",
        "minimum_fen": 2400,
        "minimum": "Qingdao: ¥24.00 an hour, in force from 2025-10-01 "
        "(source: 测试用示例 / a test figure) · an example figure, not an official one",
    }
    assert 'id="rate-facts"' in page(response)


def test_publishing_above_the_minimum_needs_no_second_confirmation(
    coordinator_client, order, timed
):
    response = coordinator_client.post(en("co_order_new"), order_fields(timed) | {"publish": "1"})
    assert response.status_code == 302
    made = new_orders(order).get()
    assert (made.status, made.standard_minutes, made.pays_minimum) == (
        OrderStatus.OPEN,
        Decimal("7.00"),
        True,
    )


def test_publishing_below_asks_for_a_reason_and_saves_nothing(coordinator_client, order, timed):
    fields = order_fields(timed, piece_rate="2.50") | {"publish": "1"}  # ¥21.42 an hour
    response = coordinator_client.post(en("co_order_new"), fields)
    assert response.status_code == 200
    body = page(response)
    assert 'id="below-minimum-confirm"' in body
    assert "Implied hourly pay: ¥21.42 an hour" in body
    assert "Publish below the minimum" in body
    assert not new_orders(order).exists()


def test_a_blank_reason_is_refused_with_a_message(coordinator_client, order, timed):
    fields = order_fields(timed, piece_rate="2.50") | {
        "publish": "1",
        "below_minimum_reason": "   ",
    }
    response = coordinator_client.post(en("co_order_new"), fields)
    assert response.status_code == 400
    assert "Write why this order may pay below the minimum." in page(response)
    assert not new_orders(order).exists()


def test_with_a_reason_it_is_published_and_the_reason_kept(coordinator_client, order, timed):
    fields = order_fields(timed, piece_rate="2.50") | {
        "publish": "1",
        "below_minimum_reason": REASON,
    }
    response = coordinator_client.post(en("co_order_new"), fields, follow=True)
    made = new_orders(order).get()
    assert (made.status, made.pays_minimum, made.below_minimum_reason) == (
        OrderStatus.OPEN,
        False,
        REASON,
    )
    body = page(response)
    assert 'id="below-minimum-decision"' in body
    assert REASON in body


def test_a_draft_below_the_minimum_needs_no_reason(coordinator_client, order, timed):
    response = coordinator_client.post(en("co_order_new"), order_fields(timed, piece_rate="2.50"))
    assert response.status_code == 302
    assert new_orders(order).get().status == OrderStatus.DRAFT


def test_the_order_can_have_its_own_standard_time(coordinator_client, order, timed):
    fields = order_fields(timed, standard_minutes="10") | {"publish": "1"}  # ¥21.00 an hour
    response = coordinator_client.post(en("co_order_new"), fields)
    assert 'id="below-minimum-confirm"' in page(response)


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("0", "Enter more than 0 minutes a piece."),
        ("-3", "Enter more than 0 minutes a piece."),
        ("abc", "Enter the minutes a piece takes as a number, like 7.5."),
        ("481", "More than a working day a piece is surely a slip."),
        ("99999999999", "More than a working day a piece is surely a slip."),
        ("7.123", "Enter the minutes to two decimals at most, like 7.25."),
    ],
)
def test_bad_standard_times_are_refused(coordinator_client, order, timed, minutes, message):
    fields = order_fields(timed, standard_minutes=minutes)
    response = coordinator_client.post(en("co_order_new"), fields)
    assert response.status_code == 400
    assert message in page(response)
    assert not new_orders(order).exists()


# Her order page ------------------------------------------------------------------------------


@pytest.fixture
def below_draft(cooperative, wage):
    return knot_order(
        cooperative,
        status=OrderStatus.DRAFT,
        piece_rate=Decimal("2.50"),
        standard_minutes=Decimal("7"),
    )


def test_a_draft_below_the_minimum_shows_the_check_and_asks_why(coordinator_client, below_draft):
    body = page(coordinator_client.get(en("co_order", below_draft.pk)))
    assert 'data-pays="no"' in body
    assert "¥21.42 an hour" in body
    assert 'id="below-minimum-confirm"' in body
    assert "for a draft, today: " + timezone.localdate().isoformat() in body


def test_publishing_the_draft_without_a_reason_is_refused(coordinator_client, below_draft):
    response = coordinator_client.post(
        en("co_order_action", below_draft.pk, "publish"), follow=True
    )
    assert said(response) == [
        "This order pays below the hourly minimum wage. To publish it anyway, write why and "
        "confirm a second time."
    ]
    assert ProductionOrder.objects.get(pk=below_draft.pk).status == OrderStatus.DRAFT


def test_publishing_the_draft_with_a_reason(coordinator_client, coordinator, below_draft):
    response = coordinator_client.post(
        en("co_order_action", below_draft.pk, "publish"),
        {"below_minimum_reason": REASON},
        follow=True,
    )
    order = ProductionOrder.objects.get(pk=below_draft.pk)
    assert (order.status, order.below_minimum_reason, order.below_minimum_by) == (
        OrderStatus.OPEN,
        REASON,
        coordinator.user,
    )
    assert "the day the order was published" in page(response)


def test_the_order_page_keeps_its_query_count(
    coordinator_client, below_draft, django_assert_max_num_queries
):
    order_publish(order=below_draft, actor=UserFactory(), below_minimum_reason=REASON)
    with django_assert_max_num_queries(12):
        assert coordinator_client.get(en("co_order", below_draft.pk)).status_code == 200


# The claim page ------------------------------------------------------------------------------


def test_the_claim_page_says_how_long_her_pieces_take(mother_client, order, mother):
    ProductionOrder.objects.filter(pk=order.pk).update(standard_minutes=Decimal("9"), min_claim=40)
    response = mother_client.get(claim_page(order))
    body = page(response)
    assert "40 pieces take about 6 hours" in body  # 360 minutes
    steps = response.context["time"]["steps"]
    assert steps[0] == [1, "about 10 minutes"]
    assert [41, "about 6 hours"] not in steps  # 369 minutes still rounds to 6 hours
    assert "40 件约 6 小时" in page(mother_client.get(zh("work_order", order.pk)))


def test_an_untimed_order_says_nothing_of_time(mother_client, order, mother):
    response = mother_client.get(claim_page(order))
    assert response.context["time"] is None
    assert 'id="time-line"' not in page(response)


def test_the_claim_page_keeps_its_query_count(
    mother_client, order, mother, django_assert_max_num_queries
):
    untimed = page_queries(mother_client, claim_page(order))
    ProductionOrder.objects.filter(pk=order.pk).update(standard_minutes=Decimal("9"))
    with django_assert_max_num_queries(untimed):
        assert mother_client.get(claim_page(order)).status_code == 200


# The federation ------------------------------------------------------------------------------


def test_the_federation_sees_the_share_of_orders_and_pieces_paying_the_minimum(client, wage):
    first, second = CooperativeFactory(name="甲", name_en="A"), CooperativeFactory(name="乙")
    for cooperative in (first, second):
        cooperative.region = wage.region
        cooperative.save()
    # A: two orders pay (30 and 70 pieces), one below (100 pieces), one untimed
    for quantity, rate in ((30, "3.50"), (70, "3.00"), (100, "2.00")):
        made = knot_order(
            first,
            status=OrderStatus.DRAFT,
            quantity=quantity,
            piece_rate=Decimal(rate),
            standard_minutes=Decimal("7"),
        )
        order_publish(order=made, below_minimum_reason=REASON)
    order_publish(order=knot_order(first, status=OrderStatus.DRAFT))
    # B: nothing published; a draft does not count
    knot_order(second, status=OrderStatus.DRAFT, standard_minutes=Decimal("7"))

    today = timezone.localdate()
    overview = fair_rates_overview(DateRange(today - datetime.timedelta(days=30), today))
    (row,) = overview.rows
    assert (row.name, row.orders_checked, row.orders_paying, row.orders_below) == ("A", 3, 2, 1)
    assert (row.pieces_checked, row.pieces_paying, row.pieces_percent) == (200, 100, 50)
    assert (row.orders_percent, row.orders_unchecked) == (66, 1)

    client.force_login(_federation_user())
    body = page(client.get(en("federation")))
    assert 'id="fair-rates-table"' in body
    assert "2 of 3 (66%)" in body
    assert "100 of 200 (50%)" in body


def test_orders_published_outside_the_range_are_not_counted(cooperative, wage):
    made = knot_order(cooperative, status=OrderStatus.DRAFT, standard_minutes=Decimal("7"))
    order_publish(order=made)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert fair_rates_overview(DateRange(yesterday, yesterday)).rows == []


def _federation_user():
    user = UserFactory(username="fulian-rates")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    return user


def test_the_order_form_keeps_its_query_count(
    coordinator_client, cooperative, timed, django_assert_max_num_queries
):
    url = en("co_order_new")
    few = page_queries(coordinator_client, url)
    for _ in range(10):
        other = knot_order(cooperative).product
        type(other).objects.filter(pk=other.pk).update(standard_minutes=Decimal("8"))
    with django_assert_max_num_queries(few):
        assert coordinator_client.get(url).status_code == 200
