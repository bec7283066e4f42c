"""A piece rate against the hourly minimum wage: the check recorded when an order is published
(orders/fairwork/services/rates.py through order_publish), the minimum in force on the day it
is published, and the written reason that publishing below it needs."""

import datetime
from decimal import Decimal

from django.db import IntegrityError
from django.utils import timezone

import pytest

from orders.exceptions import BelowMinimumNeedsReason
from orders.fairwork.selectors.rates import order_rate_check, rate_check
from orders.models import OrderStatus, ProductionOrder
from orders.production.services.orders import order_create, order_publish
from tests.factories import MinimumWageFactory, UserFactory
from tests.orders.factories import knot_order

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def wage(cooperative):
    """¥24.00 an hour in the cooperative's region, in force since 2025-10-01."""
    wage = MinimumWageFactory()
    cooperative.region = wage.region
    cooperative.save()
    return wage


def draft(cooperative, *, rate: str, minutes: str | None) -> ProductionOrder:
    return knot_order(
        cooperative,
        status=OrderStatus.DRAFT,
        piece_rate=Decimal(rate),
        standard_minutes=None if minutes is None else Decimal(minutes),
    )


def fresh(order):
    return ProductionOrder.objects.select_related("minimum_wage").get(pk=order.pk)


# The check -----------------------------------------------------------------------------------


def test_the_implied_hourly_pay_is_rounded_down_and_the_check_is_exact(wage):
    # ¥2.80 at 7 minutes is exactly ¥24.00 an hour: it pays the minimum.
    exact = rate_check(
        rate=Decimal("2.80"), minutes_per_piece=Decimal("7"), region_id=wage.region_id, day=TODAY()
    )
    assert (exact.hourly, exact.pays) == (Decimal("24.00"), True)
    # ¥2.79 at 6.98 minutes: 23.982… an hour, shown 23.98: below.
    near = rate_check(
        rate=Decimal("2.79"),
        minutes_per_piece=Decimal("6.98"),
        region_id=wage.region_id,
        day=TODAY(),
    )
    assert (near.hourly, near.pays) == (Decimal("23.98"), False)


def test_without_a_standard_time_or_a_minimum_nothing_is_checked(cooperative, wage):
    untimed = rate_check(
        rate=Decimal("1.00"), minutes_per_piece=None, region_id=wage.region_id, day=TODAY()
    )
    assert (untimed.hourly, untimed.pays, untimed.below) == (None, None, False)
    nowhere = rate_check(
        rate=Decimal("1.00"), minutes_per_piece=Decimal("60"), region_id=None, day=TODAY()
    )
    assert (nowhere.hourly, nowhere.pays) == (Decimal("1.00"), None)


# Publishing ----------------------------------------------------------------------------------


def test_publishing_at_or_above_the_minimum_records_the_check(cooperative, wage):
    order = draft(cooperative, rate="3.50", minutes="7")  # ¥30.00 an hour
    order_publish(order=order, actor=UserFactory())
    order = fresh(order)
    assert order.status == OrderStatus.OPEN
    assert (order.pays_minimum, order.minimum_hourly, order.minimum_wage) == (
        True,
        Decimal("24.00"),
        wage,
    )
    assert timezone.localdate(order.published_at) == TODAY()
    assert order.below_minimum_reason == ""


def test_below_the_minimum_without_a_reason_publishes_nothing(cooperative, wage):
    order = draft(cooperative, rate="2.50", minutes="7")  # ¥21.42 an hour
    with pytest.raises(BelowMinimumNeedsReason):
        order_publish(order=order, actor=UserFactory(), below_minimum_reason="   ")
    order = fresh(order)
    assert (order.status, order.published_at, order.pays_minimum) == (
        OrderStatus.DRAFT,
        None,
        None,
    )


def test_below_the_minimum_with_a_reason_records_who_why_and_when(cooperative, wage):
    order = draft(cooperative, rate="2.50", minutes="7")
    decider = UserFactory(username="coord-test")
    order_publish(order=order, actor=decider, below_minimum_reason="  新品试做，两周后复测  ")
    order = fresh(order)
    assert order.status == OrderStatus.OPEN
    assert (order.pays_minimum, order.below_minimum_reason, order.below_minimum_by) == (
        False,
        "新品试做，两周后复测",
        decider,
    )
    assert order.below_minimum_at == order.published_at


def test_a_reason_is_not_kept_when_the_rate_pays_the_minimum(cooperative, wage):
    order = draft(cooperative, rate="3.50", minutes="7")
    order_publish(order=order, actor=UserFactory(), below_minimum_reason="不需要")
    assert fresh(order).below_minimum_reason == ""


def test_an_untimed_order_is_published_unchecked(cooperative, wage):
    order = draft(cooperative, rate="0.50", minutes=None)
    order_publish(order=order)
    assert (fresh(order).status, fresh(order).pays_minimum) == (OrderStatus.OPEN, None)


def test_the_minimum_in_force_on_the_day_of_publishing_counts(cooperative, wage):
    # given a higher minimum that takes effect tomorrow
    MinimumWageFactory(
        region=wage.region,
        hourly=Decimal("30.00"),
        effective_from=TODAY() + datetime.timedelta(days=1),
    )
    order = draft(cooperative, rate="3.00", minutes="7")  # ¥25.71 an hour
    # then today it pays the minimum in force (24.00), not tomorrow's
    assert order_rate_check(order=fresh(order)).pays is True
    order_publish(order=order)
    assert (fresh(order).pays_minimum, fresh(order).minimum_hourly) == (True, Decimal("24.00"))


def test_a_published_order_keeps_the_figure_it_was_checked_against(cooperative, wage):
    order = draft(cooperative, rate="3.00", minutes="7")
    order_publish(order=order)
    # when the federation corrects the figure afterwards
    type(wage).objects.filter(pk=wage.pk).update(hourly=Decimal("26.00"))
    check = order_rate_check(order=fresh(order))
    assert (check.minimum_hourly, check.pays, check.day) == (Decimal("24.00"), True, TODAY())


def test_the_database_refuses_below_the_minimum_without_a_reason(cooperative):
    order = draft(cooperative, rate="2.50", minutes="7")
    with pytest.raises(IntegrityError):
        ProductionOrder.objects.filter(pk=order.pk).update(pays_minimum=False)


# The order's standard time -------------------------------------------------------------------


def test_a_new_order_takes_its_products_standard_time_unless_given_one(cooperative):
    order = knot_order(cooperative)
    type(order.product).objects.filter(pk=order.product_id).update(standard_minutes=Decimal("7.5"))
    order.product.refresh_from_db()
    fields = {
        "quantity": 10,
        "piece_rate": Decimal("3.50"),
        "due_date": TODAY() + datetime.timedelta(days=9),
    }
    made = order_create(cooperative=cooperative, product=order.product, actor=None, **fields)
    assert made.standard_minutes == Decimal("7.5")
    own = order_create(
        cooperative=cooperative,
        product=order.product,
        actor=None,
        standard_minutes=Decimal("9"),
        **fields,
    )
    assert own.standard_minutes == Decimal("9")
