"""What happens when the database still gives up on us (marketplace/locks.py, middleware.py):
the whole transaction runs once more, and a second failure is a "busy, try again" answer.

A real deadlock cannot be had on demand (tests/*/test_lock_order.py show the lock order
leaves none to have), so here the wrapped function itself raises what Django raises for one:
an OperationalError caused by psycopg's DeadlockDetected or SerializationFailure, or SQLite's
"database is locked". Everything around it is real: the database, its transactions, the
webhook endpoint.
"""

import json

from django.db import OperationalError, transaction
from django.test import RequestFactory
from django.utils import translation

import pytest

from marketplace.exceptions import BusyTryAgain
from marketplace.locks import atomic_with_retry, lock_conflict
from marketplace.middleware import BusyMiddleware
from marketplace.models import Cooperative, StripeEvent
from marketplace.services import payments
from tests.factories import CooperativeFactory
from tests.marketplace.stripe_webhooks import deliver, stripe_event
from tests.threads import deadlock, serialization_failure, sqlite_busy

pytestmark = pytest.mark.django_db(transaction=True)


CONFLICTS = [deadlock, serialization_failure, sqlite_busy]


class Flaky:
    """A transaction that writes a row and then fails with ``errors`` (one per run) until
    they run out."""

    def __init__(self, *errors: OperationalError):
        self.errors = list(errors)
        self.runs = 0

    def __call__(self) -> Cooperative:
        self.runs += 1
        cooperative = CooperativeFactory()
        if self.errors:
            raise self.errors.pop(0)
        return cooperative


@pytest.mark.parametrize("conflict", CONFLICTS)
def test_a_conflict_runs_the_whole_transaction_once_more(conflict):
    flaky = Flaky(conflict())

    made = atomic_with_retry(flaky)()

    assert flaky.runs == 2
    assert list(Cooperative.objects.all()) == [made]  # the first run's row rolled back


@pytest.mark.parametrize("conflict", CONFLICTS)
def test_a_second_conflict_is_answered_busy_and_changes_nothing(conflict):
    flaky = Flaky(conflict(), conflict(), conflict())

    with translation.override("zh-hans"), pytest.raises(BusyTryAgain) as busy:
        atomic_with_retry(flaky)()

    assert flaky.runs == 2  # exactly once more, never a third time
    assert not Cooperative.objects.exists()
    assert busy.value.message == "此刻有很多人在同时修改这里，什么都没有改变，请再试一次。"
    assert lock_conflict(busy.value.__cause__)


def test_other_database_errors_are_not_retried():
    flaky = Flaky(OperationalError("no such column: stock"))

    with pytest.raises(OperationalError):
        atomic_with_retry(flaky)()

    assert flaky.runs == 1


def test_inside_an_outer_transaction_the_conflict_passes_up_to_its_owner():
    flaky = Flaky(deadlock())

    with pytest.raises(OperationalError), transaction.atomic():
        atomic_with_retry(flaky)()

    assert flaky.runs == 1


def test_a_webhook_that_conflicts_twice_answers_503_records_nothing_and_stripe_retries(
    monkeypatch,
):
    flaky = Flaky(deadlock(), deadlock())
    monkeypatch.setitem(payments.EVENT_HANDLERS, "charge.refunded", lambda obj: flaky())
    event = stripe_event("charge.refunded", {"id": "ch_1", "object": "charge"})

    response = deliver(event)

    assert response.status_code == 503 and response["Retry-After"]
    assert flaky.runs == 2
    assert not StripeEvent.objects.exists()  # Stripe's next delivery is processed afresh
    assert not Cooperative.objects.exists()
    assert deliver(event).status_code == 200  # the next delivery finds the rows free
    assert json.loads(deliver(event).content)["replay"]


@pytest.mark.parametrize("raised", [deadlock(), BusyTryAgain()], ids=["conflict", "busy"])
def test_the_middleware_answers_a_conflict_no_view_caught_with_the_busy_page(raised):
    request = RequestFactory().post("/co/orders/1/cancel/")

    with translation.override("zh-hans"):
        response = BusyMiddleware(lambda r: None).process_exception(request, raised)

    assert response.status_code == 503
    assert "什么都没有改变" in response.content.decode()


def test_the_middleware_leaves_other_errors_to_django():
    request = RequestFactory().get("/")
    middleware = BusyMiddleware(lambda r: None)
    assert middleware.process_exception(request, OperationalError("disk I/O error")) is None
    assert middleware.process_exception(request, ValueError("x")) is None
