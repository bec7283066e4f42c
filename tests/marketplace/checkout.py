"""What a buyer's browser sends at checkout: the address form, filled in with ``CONTACT``'s
details, and the one-time key the checkout page gave this browser."""

import re

from tests.factories import CONTACT

ADDRESS = vars(CONTACT)
CHECKOUT_KEY = re.compile(r'name="checkout_key" value="([^"]*)"')


def checkout_form(client, **fields) -> dict:
    """What the checkout page's form sends: ADDRESS (changed by ``fields``) and the one-time
    key the page gave this browser ('' on a page that has none)."""
    key = CHECKOUT_KEY.search(client.get("/checkout/").content.decode())
    return {**ADDRESS, "checkout_key": key.group(1) if key else "", **fields}
