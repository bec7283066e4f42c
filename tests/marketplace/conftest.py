"""Fixtures for paying against a real (local) Stripe: one localstripe server per session.

The browser journeys in tests/e2e import ``localstripe_server`` and ``localstripe`` from here.
"""

import time

import pytest

from tests.localstripe import LocalStripe

# A port nothing listens on: a webhook endpoint pointed here is effectively switched off.
NOWHERE = "http://127.0.0.1:9/"


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
