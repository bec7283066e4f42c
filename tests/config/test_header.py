"""The header shows each role her own pages, and nobody a page that would refuse her: a
mother her work, a coordinator her workspace and its sections, the women's federation its
overview, a buyer her purchases; a person with several roles each one's links. On a mother's
pages (/work/…) the header never sticks to the top."""

import re

from django.contrib.auth.models import Group

import pytest

from marketplace.models import Role
from tests.factories import CooperativeFactory, MembershipFactory, PurchaseFactory, UserFactory

pytestmark = pytest.mark.django_db

FEDERATION_GROUP = "妇联 / Women's federation"

MOTHER = {"/work/"}
COORDINATOR = {"/co/", "/co/orders/", "/co/members/", "/co/payouts/", "/co/dashboard/"}
FEDERATION = {"/federation/"}
BUYER = {"/purchases/"}


def header_of(html: str) -> str:
    match = re.search(r'<header class="site-header[^"]*">.*?</header>', html, re.S)
    assert match, "no site header"
    return match.group(0)


def own_links(client, *, prefix: str = "") -> set[str]:
    """The header's links to role pages, without the language prefix."""
    header = header_of(client.get(f"{prefix}/cart/").content.decode())
    links = set(re.findall(r'<a href="([^"]+)" data-role="[a-z]+"', header))
    return {link.removeprefix(prefix) for link in links}


def signed_in(client, user):
    client.force_login(user)
    return client


def federation_user():
    user = UserFactory(username="fulian")
    user.groups.add(Group.objects.get(name=FEDERATION_GROUP))
    return user


def bought(user):
    purchase = PurchaseFactory()
    type(purchase).objects.filter(pk=purchase.pk).update(buyer=user)
    return user


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_a_mother_sees_her_work_and_nothing_of_others(client, prefix):
    signed_in(client, MembershipFactory(role=Role.MOTHER).user)

    assert own_links(client, prefix=prefix) == MOTHER


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_a_coordinator_sees_her_workspace_and_its_sections(client, prefix):
    signed_in(client, MembershipFactory(role=Role.COORDINATOR).user)

    assert own_links(client, prefix=prefix) == COORDINATOR


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_the_federation_sees_its_overview(client, prefix):
    signed_in(client, federation_user())

    assert own_links(client, prefix=prefix) == FEDERATION


def test_a_buyer_sees_her_purchases(client):
    signed_in(client, UserFactory(username="buyer"))

    assert own_links(client) == BUYER


def test_a_coordinator_who_buys_sees_both(client):
    coordinator = MembershipFactory(role=Role.COORDINATOR).user

    signed_in(client, bought(coordinator))

    assert own_links(client) == COORDINATOR | BUYER


def test_a_coordinator_who_is_a_mother_elsewhere_sees_both(client):
    user = MembershipFactory(role=Role.COORDINATOR).user
    MembershipFactory(user=user, role=Role.MOTHER, cooperative=CooperativeFactory())

    signed_in(client, user)

    assert own_links(client) == COORDINATOR | MOTHER


def test_a_former_mother_is_a_buyer_only(client):
    signed_in(client, MembershipFactory(role=Role.MOTHER, is_active=False).user)

    assert own_links(client) == BUYER


def test_a_visitor_sees_no_role_links_and_a_sign_in_that_brings_her_back(client):
    header = header_of(client.get("/en/cart/").content.decode())

    assert "data-role" not in header
    assert "/federation/" not in header
    assert 'href="/en/accounts/login/?from=/en/cart/"' in header


@pytest.mark.parametrize(
    ("labels", "prefix"),
    [(["我的工作", "工作台", "妇联总览", "我的订单"], ""), (["My work", "Workspace"], "/en")],
)
def test_role_links_are_labelled_in_her_language(client, labels, prefix):
    user = bought(federation_user())
    MembershipFactory(user=user, role=Role.MOTHER)
    MembershipFactory(user=user, role=Role.COORDINATOR, cooperative=CooperativeFactory())
    signed_in(client, user)

    header = header_of(client.get(f"{prefix}/cart/").content.decode())

    for label in labels:
        assert f">{label}</a>" in header


def test_the_header_holds_the_rest_in_a_menu_a_phone_opens(client):
    header = header_of(client.get("/cart/").content.decode())

    menu = re.search(r'<details class="site-menu">.*</details>', header, re.S)
    assert menu, "no menu"
    for part in ('role="search"', 'class="lang"', "/accounts/login/", "/products/"):
        assert part in menu.group(0), part


def test_a_mothers_page_has_a_header_that_stays_put(client):
    signed_in(client, MembershipFactory(role=Role.MOTHER).user)

    work = client.get("/work/").content.decode()
    shop = client.get("/cart/").content.decode()

    assert '<header class="site-header site-header--still">' in work
    assert '<header class="site-header">' in shop
