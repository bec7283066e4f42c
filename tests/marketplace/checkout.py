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


def card_token(number: str = "4242424242424242") -> str:
    """What Stripe.js's createToken does in the buyer's browser, for the card ``number``
    (Stripe's test cards: 4000 0000 0000 0002 is declined). Needs the ``localstripe`` fixture."""
    from marketplace import stripe_gateway as gateway

    token = gateway.client().v1.tokens.create(
        params={"card": {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"}}
    )
    return token.id
