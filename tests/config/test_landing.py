"""Each role lands on her own start page after signing in, in the language she signed in in:
a mother on her open work, a coordinator in her workspace, the women's federation on its
overview, a site editor in the CMS; a buyer back on the page she signed in from, else on her
purchases. A safe ``next`` (a page that asked for her) wins for everyone; another host's
``next`` or ``from`` is ignored."""

from django.contrib.auth.models import Group

import pytest

from marketplace.models import Role
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "test-pass-2026"  # UserFactory's
FEDERATION_GROUP = "妇联 / Women's federation"  # made with its permission by orders 0007


def mother() -> str:
    return MembershipFactory(role=Role.MOTHER).user.username


def coordinator() -> str:
    user = UserFactory(username="wang.coord")
    return MembershipFactory(role=Role.COORDINATOR, user=user).user.username


def federation() -> str:
    user = UserFactory(username="fulian")
    user.groups.add(Group.objects.get(name=FEDERATION_GROUP))
    return user.username


def buyer() -> str:
    return UserFactory(username="buyer").username


def editor() -> str:
    return UserFactory(username="admin", is_staff=True, is_superuser=True).username


def coordinator_and_mother() -> str:
    """A coordinator of one cooperative who also takes work in another."""
    user = UserFactory(username="wang.both")
    MembershipFactory(user=user, role=Role.COORDINATOR)
    MembershipFactory(user=user, role=Role.MOTHER, cooperative=CooperativeFactory())
    return user.username


def former_mother() -> str:
    """A mother whose membership ended: no longer a mother's start page."""
    return MembershipFactory(role=Role.MOTHER, is_active=False).user.username


START_PAGES = [
    (mother, "work/"),
    (coordinator, "co/"),
    (federation, "federation/"),
    (buyer, "purchases/"),
    (editor, "cms/"),
    (coordinator_and_mother, "co/"),
    (former_mother, "purchases/"),
]
ROLES = [person for person, _start in START_PAGES]


def sign_in(client, username: str, *, prefix: str = "", data: dict | None = None):
    return client.post(
        f"{prefix}/accounts/login/", {"username": username, "password": PASSWORD, **(data or {})}
    )


@pytest.mark.parametrize(("person", "start"), START_PAGES, ids=lambda p: getattr(p, "__name__", p))
@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_she_lands_on_her_start_page_in_her_language(client, person, start, prefix):
    response = sign_in(client, person(), prefix=prefix)

    assert response.status_code == 302
    # The CMS has its own language setting, outside the site's /en/ prefix.
    expected = "/cms/" if start == "cms/" else f"{prefix}/{start}"
    assert response.url == expected


@pytest.mark.parametrize("person", ROLES, ids=lambda p: p.__name__)
@pytest.mark.parametrize("where", ["/en/products/?page=2", "/cart/"])
def test_a_safe_next_wins_for_every_role(client, person, where):
    response = sign_in(client, person(), prefix="/en", data={"next": where})

    assert response.status_code == 302
    assert response.url == where


@pytest.mark.parametrize("person", ROLES, ids=lambda p: p.__name__)
@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/work/", "//evil.example/", "https:///evil.example"]
)
def test_another_hosts_next_is_ignored(client, person, elsewhere):
    username = person()

    response = sign_in(client, username, data={"next": elsewhere})

    assert response.status_code == 302
    assert "evil" not in response.url
    assert response.url.startswith("/")


def test_a_buyer_comes_back_to_the_page_she_signed_in_from(client):
    response = sign_in(client, buyer(), prefix="/en", data={"from": "/en/products/?page=2"})

    assert response.url == "/en/products/?page=2"


@pytest.mark.parametrize(
    ("person", "start"), START_PAGES[:3], ids=lambda p: getattr(p, "__name__", p)
)
def test_the_others_go_to_their_start_page_whichever_page_they_signed_in_from(
    client, person, start
):
    response = sign_in(client, person(), prefix="/en", data={"from": "/en/products/"})

    assert response.url == f"/en/{start}"


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/"])
def test_a_buyer_from_another_host_goes_to_her_purchases(client, elsewhere):
    response = sign_in(client, buyer(), data={"from": elsewhere})

    assert response.url == "/purchases/"


def test_the_header_sign_in_link_carries_where_she_was_to_the_form(client):
    form = client.get("/en/accounts/login/?from=/en/cart/").content.decode()

    assert '<input type="hidden" name="from" value="/en/cart/">' in form


def test_the_sign_in_page_keeps_a_safe_next_and_drops_an_unsafe_one(client):
    kept = client.get("/en/accounts/login/?next=/en/cart/").content.decode()
    dropped = client.get("/en/accounts/login/?next=https://evil.example/").content.decode()

    assert 'name="next" value="/en/cart/"' in kept
    assert 'name="next" value=""' in dropped


def test_signing_out_in_english_stays_in_english(client):
    username = buyer()
    sign_in(client, username, prefix="/en")
    page = client.get("/en/cart/").content.decode()

    assert '<input type="hidden" name="next" value="/en/">' in page
    response = client.post("/en/accounts/logout/", {"next": "/en/"})

    assert response.status_code == 302
    assert response.url == "/en/"


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/password_reset/",
        "/en/accounts/password_reset/",
        "/accounts/password_change/",
        "/accounts/reset/MQ/set-password/",
    ],
)
def test_django_s_own_password_pages_are_not_served(client, mother, path):
    """The site has its own forgotten-password page; Django's undressed ones used to answer
    with a 500 (they look for the admin's templates), for anyone, signed in or not."""
    client.force_login(mother.user)
    assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 404
