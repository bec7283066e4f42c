"""The ledger, and the inspections it pays for, are append-only in the database too: on
PostgreSQL no UPDATE or DELETE reaches their rows, however it is sent (raw SQL, or the ORM
round the model's own guard), except the clearing of who recorded them when that account is
deleted (orders/migrations/0010_ledger_append_only.py).

SQLite has no such trigger (its test flush is a DELETE of every table, which one would
abort): the tests of refused SQL run on PostgreSQL only; the others run on both.
"""

from decimal import Decimal
from types import SimpleNamespace

from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

import pytest

from orders.models import Inspection, LedgerEntry
from orders.money.services.ledger import adjustment_record
from orders.production.services.claims import claim_set
from orders.production.services.handovers import handover_record, inspection_record
from tests.factories import UserFactory, make_image
from tests.orders.factories import ProductionOrderFactory, mother_for

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's ledger has no trigger (see docstring)"
)


def _history(*, photo: bool = True) -> SimpleNamespace:
    """An inspection (with a photo) and its ¥14.00 earning, and a ¥5.00 bonus, each recorded
    by the cooperative's coordinator."""
    order = ProductionOrderFactory(quantity=10, piece_rate=Decimal("3.50"))
    mother = mother_for(order)
    coordinator = UserFactory()
    held = claim_set(order=order, mother=mother, quantity=4)
    handover = handover_record(claim=held, count=4, actor=coordinator)
    inspection = inspection_record(
        handover=handover,
        accepted=4,
        rejections={},
        actor=coordinator,
        photo=make_image() if photo else None,
    )
    bonus = adjustment_record(
        mother=mother, amount=Decimal("5.00"), reason="奖励", actor=coordinator
    )
    return SimpleNamespace(
        coordinator=coordinator,
        inspection=inspection,
        earning=LedgerEntry.objects.get(inspection=inspection),
        bonus=bonus,
        mother=mother,
    )


@pytest.fixture
def history(db) -> SimpleNamespace:
    return _history()


def _row(table: str, pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def _refused(sql: str, params: list) -> None:
    # A savepoint, so that the test's transaction outlives the refusal.
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


# Raw SQL cannot edit history --------------------------------------------------------------


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE orders_ledgerentry SET amount = amount * 100 WHERE id = %s",
        "UPDATE orders_ledgerentry SET created_at = created_at - interval '40 days' WHERE id = %s",
        "UPDATE orders_ledgerentry SET memo = 'edited' WHERE id = %s",
        "UPDATE orders_ledgerentry SET created_by_id = NULL, memo = 'edited' WHERE id = %s",
        "DELETE FROM orders_ledgerentry WHERE id = %s",
        "DELETE FROM orders_ledgerentry WHERE id >= %s",
    ],
    ids=["amount", "time", "memo", "memo-with-clearing", "delete", "delete-all"],
)
def test_raw_sql_cannot_edit_or_delete_a_ledger_entry(history, sql):
    before = _row("orders_ledgerentry", history.bonus.pk)

    _refused(sql, [history.bonus.pk])

    assert _row("orders_ledgerentry", history.bonus.pk) == before
    assert LedgerEntry.objects.count() == 2


@postgresql_only
def test_an_entry_cannot_be_given_to_someone_else(history):
    other = mother_for(history.inspection.handover.claim.order)

    _refused(
        "UPDATE orders_ledgerentry SET mother_id = %s WHERE id = %s", [other.pk, history.bonus.pk]
    )
    _refused(
        "UPDATE orders_ledgerentry SET created_by_id = %s WHERE id = %s",
        [UserFactory().pk, history.bonus.pk],
    )


@postgresql_only
def test_the_orm_round_the_models_guard_cannot_either(history):
    entries = LedgerEntry._base_manager.filter(pk=history.earning.pk)

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        entries.update(amount=Decimal("1000.00"))
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        entries.delete()

    assert LedgerEntry.objects.get(pk=history.earning.pk).amount == Decimal("14.00")


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE orders_inspection SET accepted = 3, rejected = 1 WHERE id = %s",
        "UPDATE orders_inspection SET inspected_at = inspected_at + interval '1 day' WHERE id = %s",
        "DELETE FROM orders_inspection WHERE id = %s",
    ],
    ids=["result", "time", "delete"],
)
def test_raw_sql_cannot_edit_or_delete_an_inspection(history, sql):
    before = _row("orders_inspection", history.inspection.pk)

    _refused(sql, [history.inspection.pk])

    assert _row("orders_inspection", history.inspection.pk) == before


# What still works, on both databases ------------------------------------------------------


def test_deleting_the_recorders_account_keeps_every_entry(history):
    # Django clears who recorded them (on_delete=SET_NULL): the one UPDATE the trigger allows
    history.coordinator.delete()

    earning, bonus = LedgerEntry.objects.get(pk=history.earning.pk), history.bonus
    bonus.refresh_from_db()
    assert (earning.amount, earning.created_by) == (Decimal("14.00"), None)
    assert (bonus.amount, bonus.memo, bonus.created_by) == (Decimal("5.00"), "奖励", None)
    inspection = Inspection.objects.get(pk=history.inspection.pk)
    assert (inspection.accepted, inspection.inspected_by) == (4, None)


def test_deleting_an_inspection_photo_keeps_the_inspection(history):
    history.inspection.photo.delete()

    inspection = Inspection.objects.get(pk=history.inspection.pk)
    assert (inspection.accepted, inspection.photo) == (4, None)


def test_new_entries_are_still_recorded(history):
    adjustment_record(
        mother=history.mother, amount=Decimal("-2.00"), reason="扣减", actor=history.coordinator
    )

    assert sorted(e.amount for e in LedgerEntry.objects.all()) == [
        Decimal("-2.00"),
        Decimal("5.00"),
        Decimal("14.00"),
    ]


@pytest.mark.django_db(transaction=True)
def test_the_test_flush_still_empties_the_ledger():
    # given history committed for real, as transactional tests (threads, payout runs) leave it
    # (no photo: an earlier flush took Wagtail's root collection, which a data migration made)
    _history(photo=False)
    assert LedgerEntry.objects.count() == 2

    # when the test runner empties the database (TRUNCATE on PostgreSQL, DELETE on SQLite)
    call_command("flush", interactive=False, verbosity=0)

    assert not LedgerEntry.objects.exists() and not Inspection.objects.exists()
