"""Fixtures every test may ask for, each name with one meaning across the suite:

- ``cooperative``: a Cooperative — the one the test's people and products belong to;
- ``coordinator``: a Membership (role coordinator) of ``cooperative``; her account is
  ``coordinator.user``;
- ``mother``: a Membership (role mother) of ``cooperative``; under tests/orders/ she is trained
  for the test's ``order`` (tests/orders/conftest.py);
- ``coordinator_client`` / ``mother_client``: pytest-django's ``client``, signed in as she is
  (the same client: a test that needs both people at once makes a second ``Client()``);
- ``localstripe``: an empty localstripe server the app talks to (Stripe over real HTTP);
- ``tree``: a published showcase (home and the three index pages, in Chinese).

A module gives ``cooperative``, ``coordinator``, ``mother`` or ``order`` other details by
defining the fixture again (same meaning, its own data); the rest are defined here only
(tests/test_suite_layout.py checks it), and ``pytest_fixture_setup`` below fails a test whose
fixture of one of these names is anything else. Factories: tests/factories.py,
tests/orders/factories.py; helpers for reading pages: tests/pages.py.
"""

import time

from django.test import Client

import pytest

from config.sites import sites_forget
from marketplace.models import Cooperative, Membership, Role
from orders.models import ProductionOrder
from tests.factories import CooperativeFactory, MembershipFactory, ShowcaseTree, coordinator_of
from tests.localstripe import LocalStripe

# What a fixture of each shared name must be, wherever it is defined.
MEANINGS = {
    "cooperative": lambda value: isinstance(value, Cooperative),
    "coordinator": lambda value: isinstance(value, Membership) and value.role == Role.COORDINATOR,
    "mother": lambda value: isinstance(value, Membership) and value.role == Role.MOTHER,
    "order": lambda value: isinstance(value, ProductionOrder),
    "coordinator_client": lambda value: isinstance(value, Client),
    "mother_client": lambda value: isinstance(value, Client),
}

# A port nothing listens on: a webhook endpoint pointed here is effectively switched off.
NOWHERE = "http://127.0.0.1:9/"


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    value = yield
    means = MEANINGS.get(fixturedef.argname)
    if means and not means(value):
        where = fixturedef.baseid or "tests"
        pytest.fail(f"fixture {fixturedef.argname!r} of {where} is {value!r} (tests/conftest.py)")
    return value


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _sites_forgotten():
    """Each test finds its own Wagtail Site: a Site another test kept in this process (config.sites)
    may have been rolled back with that test's transaction, which no signal tells."""
    sites_forget()


@pytest.fixture
def tree(db) -> ShowcaseTree:
    """A published showcase: home, product, cooperative and story index pages (Chinese)."""
    return ShowcaseTree()


# People -----------------------------------------------------------------------------------


@pytest.fixture
def cooperative(db) -> Cooperative:
    return CooperativeFactory()


@pytest.fixture
def coordinator(cooperative) -> Membership:
    return coordinator_of(cooperative)


@pytest.fixture
def mother(cooperative) -> Membership:
    return MembershipFactory(cooperative=cooperative, role=Role.MOTHER)


@pytest.fixture
def coordinator_client(client, coordinator) -> Client:
    client.force_login(coordinator.user)
    return client


@pytest.fixture
def mother_client(client, mother) -> Client:
    client.force_login(mother.user)
    return client


# Stripe: one localstripe server per session -----------------------------------------------


@pytest.fixture(scope="session")
def localstripe_server():
    with LocalStripe() as server:
        yield server


@pytest.fixture
def localstripe(localstripe_server, settings) -> LocalStripe:
    """An empty localstripe that the app (and Stripe.js in the browser) talks to.

    A test that wants webhooks registers its endpoint; it is pointed nowhere afterwards, before
    the database is emptied, so that deliveries still pending (localstripe sends each a second
    after the event) never write into the next test's data.
    """
    localstripe_server.flush()
    settings.STRIPE_API_BASE = localstripe_server.url
    settings.STRIPE_JS_URL = localstripe_server.js_url
    yield localstripe_server
    if localstripe_server.webhook_url not in ("", NOWHERE):
        localstripe_server.register_webhook(NOWHERE, "switched-off")
        time.sleep(0.5)  # a delivery already on its way lands before the database is emptied
