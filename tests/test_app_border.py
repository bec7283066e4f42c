"""The app border (DESIGN.md, STYLE.md 17): dependencies point one way, ``showcase →
marketplace ← orders``; ``orders`` changes the market's data only through marketplace's
services; a migration stands alone, importing no app code that can move; purchase events are
named by their kinds, never spelt out as strings."""

import ast
import textwrap

import pytest

from tests.border import ROOT, border_from_registry, imports_of, marketplace_writes, python_files

# What a migration may import of the project's code: the field classes and the callables its
# fields name, which Django itself writes into migrations and must find at the same path.
MIGRATIONS_MAY_IMPORT = {
    "marketplace.money",  # MoneyField, and the yuan_column_to_fen step of the fen migrations
    "marketplace.models.purchases",  # new_token, the default of Purchase.token (0002)
    "orders.models.prepared",  # private_storage, where PreparedFile.file is kept (0012)
    "orders.amounts",  # AmountField, the materials' amounts in thousandths (0017)
}
PROJECT = {"config", "marketplace", "ops", "orders", "showcase", "station"}


def relative(path) -> str:
    return str(path.relative_to(ROOT))


# Writes ------------------------------------------------------------------------------------


def test_orders_writes_no_marketplace_table_itself():
    border = border_from_registry()
    found = [
        f"{relative(path)}:{line}: {what}"
        for path in python_files("orders")
        for line, what in marketplace_writes(path.read_text(), border)
    ]
    assert found == [], "call a marketplace service instead:\n" + "\n".join(found)


# Each way orders once wrote the market's tables, and the other ways Django code does.
DIRECT_WRITES = {
    "stock": """
        from marketplace.models import Product
        Product.objects.filter(pk=1).update(stock=F("stock") + 2)
    """,
    "lines": """
        from marketplace.models import PurchaseLine
        PurchaseLine.objects.bulk_update(lines, ["made", "makers"])
    """,
    "event": """
        from marketplace.models import PurchaseEvent as Event
        Event.objects.bulk_create([Event(purchase_id=1, status="made")])
    """,
    "module": """
        from marketplace import models as market
        market.Membership.objects.get_or_create(user=user, cooperative=coop)
    """,
    "field": """
        def progress(lines):
            for line in lines:
                line.made = 3
    """,
    "annotated row": """
        from marketplace.models import Membership
        def reactivate(membership: Membership):
            membership.is_active = True
            membership.save(update_fields=["is_active"])
    """,
    "fetched row": """
        from marketplace.models import Membership
        def reactivate(pk):
            membership = Membership.objects.select_for_update().get(pk=pk)
            membership.delete()
    """,
    "relation": """
        def finish(order, purchase):
            purchase.lines.update(made=1)
            order.product.save()
    """,
    "raw": """
        cursor.execute("UPDATE marketplace_product SET stock = stock + 1 WHERE id = %s", [1])
    """,
}

# Reads, locks, the production order's own links, and the services: none is a write.
ALLOWED = """
    from marketplace.locks import purchase_lines_lock
    from marketplace.models import Membership, Product, PurchaseLine
    from marketplace.services.stock import stock_add_made

    def move_on(order, claim, membership: Membership):
        lines = purchase_lines_lock(PurchaseLine.objects.filter(production_orders=order.pk))
        order.serves.set(lines)
        claim.quantity = 3
        claim.save(update_fields=["quantity"])
        membership.skills.exclude(skill__in=[]).delete()
        membership.user.save(update_fields=["first_name"])
        stock_add_made(product=order.product, pieces=len(lines))
        return Product.objects.filter(pk=order.product_id).exists()
"""


@pytest.mark.parametrize("source", DIRECT_WRITES.values(), ids=DIRECT_WRITES.keys())
def test_the_border_check_sees_a_direct_write(source):
    assert marketplace_writes(textwrap.dedent(source), border_from_registry())


def test_the_border_check_lets_reads_locks_and_services_pass():
    assert marketplace_writes(textwrap.dedent(ALLOWED), border_from_registry()) == []


# Imports -----------------------------------------------------------------------------------


def imports_into(package: str, others: set[str], allowed=frozenset()) -> list[str]:
    return [
        f"{relative(path)}:{line}: {module}"
        for path in python_files(package, migrations=True)
        for line, module in imports_of(path)
        if module.split(".")[0] in others and module not in allowed
    ]


def test_marketplace_imports_neither_orders_nor_showcase():
    assert imports_into("marketplace", {"orders", "showcase"}) == []


def test_orders_imports_nothing_from_showcase():
    assert imports_into("orders", {"showcase"}) == []


def test_the_apps_know_nothing_of_operations():
    """ops observes the others (signals, tasks modules' PERIODIC_JOBS); none calls it."""
    found = [
        found
        for package in ("marketplace", "orders", "showcase")
        for found in imports_into(package, {"ops"})
    ]
    assert found == []


def test_migrations_import_no_app_code_that_can_move():
    found = [
        f"{relative(path)}:{line}: {module}"
        for package in ("marketplace", "ops", "orders", "showcase", "station")
        for path in sorted((ROOT / package / "migrations").glob("*.py"))
        for line, module in imports_of(path)
        if module.split(".")[0] in PROJECT and module not in MIGRATIONS_MAY_IMPORT
    ]
    assert found == [], "copy what the migration needs into it, frozen:\n" + "\n".join(found)


# Event kinds -------------------------------------------------------------------------------


def spelt_event_kinds(path) -> list[str]:
    """Events made with ``status="…"`` in ``path``: a kind spelt out, not named."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        called = ast.unparse(node.func)
        if called not in {"PurchaseEvent", "PurchaseEvent.objects.create"}:
            continue
        for keyword in node.keywords:
            if keyword.arg == "status" and isinstance(keyword.value, ast.Constant):
                found.append(f"{relative(path)}:{node.lineno}: {keyword.value.value!r}")
    return found


def test_purchase_events_are_made_with_named_kinds():
    found = [
        spelt
        for package in ("marketplace", "orders")
        for path in python_files(package)
        for spelt in spelt_event_kinds(path)
    ]
    assert found == [], "use PurchaseEventKind:\n" + "\n".join(found)
