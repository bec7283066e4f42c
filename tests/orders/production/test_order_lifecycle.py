"""The order's guarded life, publishing, and past-due claims returning to the pool."""

import datetime

from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from marketplace.exceptions import InvalidTransition
from orders.models import Claim, OrderStatus, ProductionOrder
from orders.production.services.claims import claim_set
from orders.production.services.orders import ORDER_ALLOWED, order_publish, order_transition
from orders.production.tasks import order_notify_eligible_task
from tests.orders.factories import ProductionOrderFactory, mother_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "target"),
    [(s, t) for s in OrderStatus for t in OrderStatus if t not in ORDER_ALLOWED[s]],
)
def test_every_forbidden_step_is_refused_and_changes_nothing(start, target):
    order = ProductionOrderFactory(status=start)
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to=target)
    assert ProductionOrder.objects.get(pk=order.pk).status == start


def test_the_happy_path():
    order = ProductionOrderFactory(status=OrderStatus.DRAFT)
    for step in (OrderStatus.OPEN, OrderStatus.IN_PRODUCTION, OrderStatus.COMPLETED):
        order_transition(order=order, to=step)
        assert ProductionOrder.objects.get(pk=order.pk).status == step


def test_publishing_tells_the_eligible_mothers_only(django_capture_on_commit_callbacks, mailoutbox):
    order = ProductionOrderFactory(status=OrderStatus.DRAFT)
    skilled = mother_for(order)
    unskilled = mother_for(order, skilled=False)
    skilled.user.email, unskilled.user.email = "a@example.com", "b@example.com"
    skilled.user.save()
    unskilled.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        order_publish(order=order)

    assert ProductionOrder.objects.get(pk=order.pk).status == OrderStatus.OPEN
    assert [m.to for m in mailoutbox] == [["a@example.com"]]


def test_publishing_leaves_telling_the_mothers_to_a_worker(
    django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    order = ProductionOrderFactory(status=OrderStatus.DRAFT)
    for n in range(3):
        mother = mother_for(order)
        mother.user.email = f"m{n}@example.com"
        mother.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        order_publish(order=order)

    # one task to enqueue, whoever many mothers there are; nothing sent in the request
    tasks = DBTaskResult.objects.filter(task_path__startswith="orders.")
    assert [(t.task_path, t.args_kwargs["kwargs"]) for t in tasks] == [
        (order_notify_eligible_task.module_path, {"order_pk": order.pk})
    ]
    assert not DBTaskResult.objects.filter(task_path__startswith="marketplace.").exists()
    assert mailoutbox == []


def test_past_due_claims_return_to_the_pool():
    order = ProductionOrderFactory(quantity=100)
    on_time = ProductionOrderFactory(quantity=100, cooperative=order.cooperative)
    mother = mother_for(order)
    claim_set(order=order, mother=mother, quantity=40)
    claim_set(order=on_time, mother=mother_for(on_time), quantity=25)
    ProductionOrder.objects.filter(pk=order.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )

    call_command("return_past_due_claims")
    call_command("return_past_due_claims")  # a second run returns nothing more

    assert ProductionOrder.objects.get(pk=order.pk).claimed == 0
    assert ProductionOrder.objects.get(pk=on_time.pk).claimed == 25
    assert Claim.objects.get(order=order).status == "released"
