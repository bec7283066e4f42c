"""The demo piecework's data files hold together: every order, mother, product, skill and
rejection reason they name exists where it must. A slip in ``orders/demo/data/*.toml`` fails
here, with its place, before any seeding."""

from decimal import Decimal

from marketplace.demo import COOPERATIVES, MOTHERS, PRODUCTS
from orders.demo import MATERIALS, MONEY, ORDERS, SKILLS, WORK
from orders.models import OfflineMethod, OrderMode, OrderStatus
from orders.production.reasons import DEFAULT_REASONS

PRODUCT_OF = {spec.sku: spec for spec in PRODUCTS}
REASON_CODES = {code for code, _, _ in DEFAULT_REASONS}


def works_for(username: str, cooperative: str) -> bool:
    return any(
        row["username"] == username and cooperative in row["cooperatives"] for row in MOTHERS
    )


def test_every_order_makes_a_product_of_its_cooperative_with_a_skill_of_it():
    for marker, row in ORDERS.items():
        assert PRODUCT_OF[row["sku"]].cooperative == row["cooperative"], marker
        assert SKILLS[row["skill"]]["cooperative"] == row["cooperative"], marker
        assert row["sku"] in MATERIALS, marker
        assert Decimal(row["piece_rate"]).as_tuple().exponent == -2, marker
        assert row["mode"] in OrderMode.values and row["status"] in OrderStatus.values, marker
        assert row["min_claim"] <= row["max_per_mother"] <= row["quantity"], marker


def test_every_skill_is_held_at_a_cooperative_by_its_mothers():
    for slug, row in SKILLS.items():
        assert row["cooperative"] in COOPERATIVES, slug
        assert all(works_for(u, row["cooperative"]) for u in row.get("mothers", [])), slug


def test_the_work_names_orders_and_mothers_of_their_cooperative():
    for kind in ("claims", "requests", "handovers", "corrections"):
        for row in WORK[kind]:
            cooperative = ORDERS[row["order"]]["cooperative"]
            assert works_for(row["mother"], cooperative), (kind, row)
    for marker in WORK["shared_out"]:
        assert ORDERS[marker]["mode"] == OrderMode.REQUEST_WINDOW, marker


def test_every_inspection_adds_up_and_gives_known_reasons():
    inspected = [row for row in WORK["handovers"] if "accepted" in row]
    assert inspected
    for row in inspected:
        rejected = row.get("rejected", {})
        assert set(rejected) <= REASON_CODES, row
        assert row["accepted"] + sum(rejected.values()) == row["count"], row
    for row in WORK["corrections"]:
        assert set(row["rejected"]) <= REASON_CODES, row


def test_payout_details_are_for_mothers_with_a_known_method():
    usernames = {row["username"] for row in MOTHERS}
    for username, row in MONEY["payout_details"].items():
        assert username in usernames, username
        assert row["method"] in OfflineMethod.values, username
    assert MONEY["payout_run"]["cooperative"] in COOPERATIVES
