"""Ids in addresses (marketplace/converters.py): every id a row can have is reachable, and a
number no row can have is a 404 before any query, on SQLite and PostgreSQL alike."""

from django.urls import URLResolver, get_resolver

import pytest

from marketplace.converters import IdConverter
from marketplace.models import Role
from tests.factories import MembershipFactory, UserFactory

LARGEST = 2**63 - 1


@pytest.mark.parametrize("text", ["1", "007", str(2**31), str(LARGEST)])
def test_an_id_in_the_bigint_range_is_taken(text):
    assert IdConverter().to_python(text) == int(text)


@pytest.mark.parametrize("text", ["0", str(LARGEST + 1), "9" * 19])
def test_a_number_no_row_can_have_is_refused(text):
    with pytest.raises(ValueError):
        IdConverter().to_python(text)


# Each with the method it answers to ("POST " first for a form's target).
ADDRESSES = [
    "/en/work/orders/{}/",
    "/en/work/claims/{}/",
    "POST /en/work/money/payouts/{}/received/",
    "/en/work/payslips/{}/2026-01/",
    "/en/co/orders/{}/",
    "POST /en/co/orders/1/claims/{}/handover/",
    "/en/co/members/{}/",
    "POST /en/co/members/invitations/{}/withdraw/",
    "/en/co/payouts/{}/",
    "/en/co/payouts/mothers/{}/",
    "/en/co/payslips/runs/{}/1/",
    "/en/co/dashboard/mothers/{}/",
    "/en/co/lines/{}/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize("number", [0, 2**31, LARGEST, LARGEST + 1, 10**40])
def test_an_id_nobody_has_is_not_found_never_a_500(client, address, number):
    # given someone who may open such pages: a mother on /work/, a coordinator on /co/
    method, _, address = address.rpartition(" ")
    role = Role.MOTHER if address.startswith("/en/work/") else Role.COORDINATOR
    client.force_login(MembershipFactory(role=role, user=UserFactory()).user)
    send = client.post if method == "POST" else client.get
    assert send(address.format(number)).status_code == 404


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def test_every_id_in_an_address_is_an_id_converter():
    ours = [
        (route, entry.pattern)
        for route, entry in _patterns(get_resolver())
        if entry.callback.__module__.split(".")[0] in ("orders", "marketplace")
    ]
    ids = {
        (route, name): type(converter).__name__
        for route, pattern in ours
        for name, converter in getattr(pattern, "converters", {}).items()
        if name.endswith("_id")
    }
    assert len(ids) > 20  # the orders and marketplace addresses are all there
    assert {key: kind for key, kind in ids.items() if kind != "IdConverter"} == {}
