"""The demo marketplace's data files hold together: every slug, SKU and username they name is
defined, and prices are exact yuan. A slip in ``marketplace/demo/data/*.toml`` fails here, with
its place, before any seeding."""

from decimal import Decimal

from marketplace.demo import CATEGORIES, COOPERATIVES, COORDINATORS, MOTHERS, PRODUCTS, PURCHASES
from marketplace.models import LineStatus


def test_every_product_names_a_cooperative_and_category_and_has_an_exact_price():
    categories = {row["slug"] for row in CATEGORIES}
    for spec in PRODUCTS:
        assert spec.cooperative in COOPERATIVES, spec.sku
        assert spec.category in categories, spec.sku
        assert Decimal(spec.price).as_tuple().exponent == -2, spec.sku


def test_every_person_works_for_cooperatives_that_exist():
    assert {row["cooperative"] for row in COORDINATORS} == set(COOPERATIVES)
    for row in MOTHERS:
        assert row["cooperatives"] and set(row["cooperatives"]) <= set(COOPERATIVES), row
    usernames = [row["username"] for row in [*COORDINATORS, *MOTHERS]]
    assert len(usernames) == len(set(usernames))


def test_every_purchase_line_is_a_product_and_says_how_it_shipped_or_why_it_was_cancelled():
    skus = {spec.sku for spec in PRODUCTS}
    assert len({spec.key for spec in PURCHASES}) == len(PURCHASES)
    for spec in PURCHASES:
        for line in spec.lines:
            assert line.sku in skus, spec.key
            statuses = [status for status, _ in line.steps]
            assert (LineStatus.SHIPPED in statuses) == bool(line.tracking_number), spec.key
            assert (LineStatus.CANCELLED in statuses) == bool(line.reason), spec.key
