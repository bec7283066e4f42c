"""What a request brings, made safe before a query: search text and ids.

The sweep sends a NUL byte (PostgreSQL refuses it in text), an id of 40 digits (SQLite
overflows) and other odd values in every query parameter the site reads, to every page of
every kind of visitor; make test runs it on SQLite and on PostgreSQL.
"""

from django.core.exceptions import ValidationError

import pytest

from marketplace.inputs import BoundedModelMultipleChoiceField, search_text
from marketplace.models import Role
from orders.models import Skill
from orders.production.services.claims import claim_set
from tests.factories import MembershipFactory
from tests.orders.factories import ProductionOrderFactory, SkillFactory, mother_for

HUGE = "9" * 40
ODD = ["a\x00b", "\x00", HUGE, "-" + HUGE, "结" * 5000, "\u202e1"]
PARAMS = [
    "q",
    "cooperative",
    "sort",
    "tab",
    "month",
    "page",
    "status",
    "kind",
    "from",
    "to",
    "lines",
    "cutoff",
    "category",
    "availability",
]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x00b", "ab"),
        ("  红色\t中国结\n ", "红色 中国结"),
        ("\u202e结\u200b", "结"),
        ("\x00", ""),
    ],
)
def test_search_text_keeps_the_words_and_drops_control_characters(raw, clean):
    assert search_text(raw, limit=40) == clean


def test_search_text_is_capped():
    assert search_text("结" * 5000, limit=40) == "结" * 40


@pytest.mark.django_db
@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, str(2**63), str(-(2**63) - 1)])
def test_ids_beyond_any_column_are_not_a_choice(value):
    field = BoundedModelMultipleChoiceField(queryset=Skill.objects.all())
    SkillFactory()

    with pytest.raises(ValidationError):
        field.clean([value])


@pytest.mark.django_db
def test_ids_within_range_are_looked_up_as_usual():
    knot, buns = SkillFactory(), SkillFactory(slug="buns", name="花饽饽", name_en="Buns")
    field = BoundedModelMultipleChoiceField(queryset=Skill.objects.all())

    assert set(field.clean([str(knot.pk), buns.pk])) == {knot, buns}


def pages(order, mother, claim) -> dict[str, list[str]]:
    """Every page with a query string, by who may see it."""
    return {
        "coordinator": [
            "/co/members/",
            "/co/members/new/",
            f"/co/members/{mother.pk}/",
            "/co/orders/",
            "/co/orders/new/",
            f"/co/orders/{order.pk}/",
            "/co/orders/reasons/",
            "/co/payouts/",
            "/co/payouts/preview/",
            f"/co/payouts/mothers/{mother.pk}/",
            "/co/dashboard/",
            f"/co/dashboard/mothers/{mother.pk}/",
            "/co/dashboard/export/mothers.csv",
            "/co/lines/",
            "/co/demand/",
            "/co/payslips/",
        ],
        "mother": [
            "/work/",
            f"/work/orders/{order.pk}/",
            "/work/mine/",
            f"/work/claims/{claim.pk}/",
            "/work/money/",
            "/work/insights/",
            "/work/payslips/",
        ],
        "anyone": [
            "/",
            "/search/",
            "/products/",
            "/stories/",
            "/cart/",
            "/checkout/",
            "/accounts/login/",
            "/accounts/card/",
        ],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("value", ODD, ids=["nul-inside", "nul", "huge", "-huge", "long", "rlo"])
def test_no_page_answers_a_crafted_query_with_a_500(client, tree, value):
    order = ProductionOrderFactory()
    mother = mother_for(order)
    claim = claim_set(order=order, mother=mother, quantity=order.min_claim)
    coordinator = MembershipFactory(cooperative=order.cooperative, role=Role.COORDINATOR)
    visitors = {"coordinator": coordinator.user, "mother": mother.user, "anyone": None}
    failures = []
    for who, urls in pages(order, mother, claim).items():
        client.logout()
        if visitors[who]:
            client.force_login(visitors[who])
        for url in urls:
            status = client.get(url, dict.fromkeys(PARAMS, value)).status_code
            if status >= 500:
                failures.append((who, url, status))
    assert not failures


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["a\x00b", "\x00" * 43, "结" * 43, "a" * 300])
def test_a_purchase_link_of_no_purchase_is_a_404(client, token):
    assert client.get(f"/purchases/{token}/").status_code == 404
    assert client.post(f"/purchases/{token}/pay/", {"card_token": "tok_visa"}).status_code == 404
