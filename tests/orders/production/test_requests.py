"""Request-window orders: requests until the close, then a fair share, exactly once."""

import datetime

from django.utils import timezone

import pytest

from orders.exceptions import ClaimOutOfLimits, NotEligible, OrderNotClaimable, RequestsClosed
from orders.models import Claim, ClaimStatus, OrderMode, OrderStatus, ProductionOrder
from orders.production.services.claims import claim_set
from orders.production.services.requests import request_set, window_close, windows_close_due
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.production.helpers import fresh
from tests.threads import run_together


def window_order(**kwargs) -> ProductionOrder:
    defaults = {
        "mode": OrderMode.REQUEST_WINDOW,
        "window_closes_at": timezone.now() + datetime.timedelta(hours=2),
        "quantity": 100,
        "min_claim": 10,
        "max_per_mother": 80,
    }
    return ProductionOrderFactory(**(defaults | kwargs))


@pytest.mark.django_db
class TestRequests:
    def test_requests_change_no_counter_until_the_close(self):
        order = window_order()
        mother = mother_for(order)
        claim = request_set(order=order, mother=mother, quantity=50)
        assert (claim.status, claim.requested, claim.quantity) == (ClaimStatus.REQUESTED, 50, 0)
        assert fresh(order).claimed == 0
        with pytest.raises(OrderNotClaimable):
            claim_set(order=order, mother=mother, quantity=50)

    @pytest.mark.parametrize("quantity", [5, 81, 10**9])
    def test_requests_outside_the_limits_change_nothing(self, quantity):
        order = window_order()
        with pytest.raises(ClaimOutOfLimits):
            request_set(order=order, mother=mother_for(order), quantity=quantity)
        assert not Claim.objects.exists()

    def test_no_requests_after_the_close_or_without_the_skill(self):
        order = window_order(window_closes_at=timezone.now() - datetime.timedelta(minutes=1))
        with pytest.raises(RequestsClosed):
            request_set(order=order, mother=mother_for(order), quantity=20)
        open_order = window_order()
        with pytest.raises(NotEligible):
            request_set(order=open_order, mother=mother_for(open_order, skilled=False), quantity=20)
        assert not Claim.objects.exists()

    def test_the_close_shares_fairly_and_the_rest_is_first_come(self):
        order = window_order(quantity=100)
        asks = [80, 30, 40, 10]
        mothers = [mother_for(order) for _ in asks]
        for mother, ask in zip(mothers, asks, strict=True):
            request_set(order=order, mother=mother, quantity=ask)

        early = timezone.now()
        assert window_close(order=order, now=early) == {}  # not its time yet
        shares = window_close(order=order, now=order.window_closes_at)

        # 160 asked for 100: level 30 → 30, 30, 30, 10 = 100.
        assert [shares[m.pk] for m in mothers] == [30, 30, 30, 10]
        order = fresh(order)
        assert (order.claimed, order.status) == (100, OrderStatus.FULLY_CLAIMED)
        assert order.allocated_at is not None
        assert [Claim.objects.get(order=order, mother=m).quantity for m in mothers] == [
            30,
            30,
            30,
            10,
        ]
        assert window_close(order=order, now=order.window_closes_at) == {}  # once only
        # After the share-out she lowers hers like any claim, and it frees pieces.
        claim_set(order=order, mother=mothers[0], quantity=20)
        assert fresh(order).claimed == 90

    def test_the_periodic_close_takes_only_due_windows(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        due, later = window_order(), window_order()
        mother = mother_for(due)
        mother.user.email = "mama@example.com"
        mother.user.save()
        request_set(order=due, mother=mother, quantity=40)
        ProductionOrder.objects.filter(pk=due.pk).update(
            window_closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert windows_close_due() == 1
        assert fresh(due).claimed == 40
        assert fresh(later).allocated_at is None
        assert len(mailoutbox) == 1
        assert "40" in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_two_closes_at_once_share_out_once():
    order = window_order(quantity=60, window_closes_at=timezone.now())
    mothers = [mother_for(order) for _ in range(4)]
    for mother in mothers:
        ProductionOrder.objects.filter(pk=order.pk).update(
            window_closes_at=timezone.now() + datetime.timedelta(hours=1)
        )
        request_set(order=fresh(order), mother=mother, quantity=30)

    results = run_together([lambda: window_close(order=order, early=True) for _ in range(6)])

    assert sum(1 for r in results if r) == 1, results
    assert fresh(order).claimed == 60
    assert sum(c.quantity for c in Claim.objects.filter(order=order)) == 60


@pytest.mark.django_db
def test_the_cron_command_and_the_task_close_due_windows():
    from io import StringIO

    from django.core.management import call_command

    from orders.production.tasks import windows_close_due_task

    first, second = window_order(), window_order()
    for order in (first, second):
        request_set(order=order, mother=mother_for(order), quantity=20)
    past = timezone.now() - datetime.timedelta(seconds=1)
    ProductionOrder.objects.filter(pk=first.pk).update(window_closes_at=past)

    out = StringIO()
    call_command("close_request_windows", stdout=out)
    assert "1 orders shared out" in out.getvalue()
    ProductionOrder.objects.filter(pk=second.pk).update(window_closes_at=past)
    assert windows_close_due_task.enqueue().return_value == 1
    assert fresh(first).claimed == fresh(second).claimed == 20


@pytest.mark.django_db
def test_no_requests_on_a_past_due_order():
    from orders.exceptions import OrderPastDue

    order = window_order(due_date=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(OrderPastDue):
        request_set(order=order, mother=mother_for(order), quantity=20)
    assert not Claim.objects.exists()
