"""The migration to integer fen keeps every existing amount exactly (marketplace 0006, orders 0008).

Rows are written as the decimal columns held them before (on SQLite, 89.70 summed from
floats is stored as 89.69999999999999), then migrated forward; the amounts must come out to
the fen, and back again when the migration is reversed.
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import pytest

BEFORE = [("marketplace", "0005_production_progress"), ("orders", "0007_federation_permission")]
AFTER = [("marketplace", "0006_money_in_fen"), ("orders", "0008_money_in_fen")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _rows_before(apps) -> dict:
    coop = apps.get_model("marketplace", "Cooperative").objects.create(name="彩虹", slug="rainbow")
    category = apps.get_model("marketplace", "Category").objects.create(name="结", slug="knots")
    product = apps.get_model("marketplace", "Product").objects.create(
        cooperative=coop, category=category, name="车挂平安结", sku="M-1", price=Decimal("29.90")
    )
    purchase = apps.get_model("marketplace", "Purchase").objects.create(
        email="b@example.com",
        recipient="王",
        phone="13800000000",
        province="山东",
        city="青岛",
        district="莱西",
        address="一号",
        total=Decimal("89.70"),
        reserved_until=timezone.now(),
    )
    line = apps.get_model("marketplace", "PurchaseLine").objects.create(
        purchase=purchase,
        product=product,
        cooperative=coop,
        name=product.name,
        unit_price=Decimal("29.90"),
        quantity=3,
        refunded_amount=Decimal("29.90"),
    )
    order = apps.get_model("orders", "ProductionOrder").objects.create(
        cooperative=coop,
        product=product,
        quantity=10,
        piece_rate=Decimal("3.35"),
        due_date=datetime.date(2026, 12, 20),
    )
    return {"product": product.pk, "line": line.pk, "order": order.pk}


def _near_miss(line_pk: int) -> None:
    """What SQLite's float arithmetic left behind: 29.90 + 59.80 summed as binary floats."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE marketplace_purchaseline SET refunded_amount = %s WHERE id = %s",
            [29.9 + 59.8, line_pk],
        )


@pytest.mark.django_db(transaction=True)
def test_amounts_survive_the_move_to_fen_exactly_and_back():
    # given decimal-yuan rows, one holding a floating-point near miss
    rows = _rows_before(_migrate(BEFORE))
    _near_miss(rows["line"])
    try:
        # when the columns become fen
        apps = _migrate(AFTER)
        line = apps.get_model("marketplace", "PurchaseLine").objects.get(pk=rows["line"])
        order = apps.get_model("orders", "ProductionOrder").objects.get(pk=rows["order"])
        # then every amount is exact, in the database too
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT unit_price, refunded_amount FROM marketplace_purchaseline WHERE id = %s",
                [rows["line"]],
            )
            assert tuple(cursor.fetchone()) == (2990, 8970)
        assert (line.unit_price, line.refunded_amount) == (Decimal("29.90"), Decimal("89.70"))
        assert order.piece_rate == Decimal("3.35")
        # and reversing the migration gives the yuan back (of a line the old float CHECK can
        # hold: 3 × 29.90 is 89.69999… < 89.70 there, the very bug this migration mends)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE marketplace_purchaseline SET refunded_amount = 2990 WHERE id = %s",
                [rows["line"]],
            )
        apps = _migrate(BEFORE)
        product = apps.get_model("marketplace", "Product").objects.get(pk=rows["product"])
        assert product.price == Decimal("29.90")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
