"""orders 0003 gives the cooperatives that existed then the default rejection reasons of its
day, from its own frozen copy: no app code it imports can move from under it."""

import importlib

from django.apps import apps

import pytest

from orders.models import RejectionReason
from tests.factories import CooperativeFactory

MIGRATION = importlib.import_module("orders.migrations.0003_default_rejection_reasons")


@pytest.mark.django_db
def test_existing_cooperatives_get_the_reasons_they_lack_and_keep_their_own():
    # given a cooperative with only one reason, renamed by its coordinator
    cooperative = CooperativeFactory()
    reasons = RejectionReason.objects.filter(cooperative=cooperative)
    reasons.exclude(code="dirty").delete()
    reasons.update(name="脏了")

    # when the migration's step runs
    MIGRATION.forwards(apps, schema_editor=None)

    # then it has the six reasons of the day in their order, and its own name kept
    assert list(reasons.order_by("sort_order", "pk").values_list("code", "name")) == [
        ("loose-knot", "松结"),
        ("wrong-colour", "颜色不对"),
        ("size-off", "尺寸不对"),
        ("dirty", "脏了"),
        ("frayed", "线头毛糙"),
        ("other", "其他"),
    ]
