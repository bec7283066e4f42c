"""One anonymous buyer of bench/checkout_load.py (see its docstring): her browser and its
cookies, a purchase step by step with each step timed, and the card payment through
localstripe. checkout_load, cluster_load and the cluster tests use these through checkout_load."""

import http.client
import http.cookies
import json
import re
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import showcase_load as harness  # noqa: E402 - the sibling module, found through sys.path

HOST = harness.HOST

STRIPE_SECRET_KEY = "sk_test_localstripe"  # noqa: S105 - localstripe's test key
CARD = {
    "card[number]": "4242424242424242",
    "card[exp_month]": "12",
    "card[exp_year]": "2030",
    "card[cvc]": "123",
}
CONTACT = {
    "recipient": "李女士",
    "phone": "13812345678",
    "email": "buyer@example.com",
    "province": "山东省",
    "city": "青岛市",
    "district": "莱西市",
    "address": "水集街道广州路1号",
}
PURCHASE_LOCATION = re.compile(r"^/purchases/([A-Za-z0-9_-]+)/$")
CHECKOUT_KEY = re.compile(r'name="checkout_key" value="([A-Za-z0-9_-]+)"')


def stripe_request(port: int, method: str, path: str, fields=None) -> tuple[int, str]:
    """One request to localstripe with the secret key: (status, body text)."""
    body = urllib.parse.urlencode(fields).encode() if fields else None
    headers = {"Authorization": f"Bearer {STRIPE_SECRET_KEY}"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


class Browser:
    """One anonymous buyer and her cookies. The production cookies are `Secure` and the
    benchmark speaks plain HTTP (as behind a TLS proxy), so they are kept and sent by hand:
    http.cookiejar would withhold them."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.served_by = ""  # the last answer's X-Served-By: which app server behind nginx

    def request(self, method: str, path: str, fields=None, headers=None) -> tuple[int, str, str]:
        """(status, Location header, body text) on a fresh connection, as gunicorn's sync
        workers close every connection anyway."""
        body = urllib.parse.urlencode(fields).encode() if fields is not None else None
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            self.served_by = response.headers.get("X-Served-By", "")
            for header in response.headers.get_all("Set-Cookie") or []:
                self._keep(header)
            return response.status, response.headers.get("Location", ""), text
        finally:
            connection.close()

    def _keep(self, header: str) -> None:
        jar = http.cookies.SimpleCookie()
        jar.load(header)
        for name, morsel in jar.items():
            if morsel["max-age"] == "0" or not morsel.value:  # Django deleting the cookie
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.coded_value


@dataclass
class Outcome:
    """One purchase: step -> latency in ms, the first failure ('' if none) and, once checkout
    succeeded, the in-stock pieces it asked for (product id -> pieces)."""

    steps: dict[str, float] = field(default_factory=dict)
    error: str = ""
    pieces: dict[str, int] = field(default_factory=dict)
    total_ms: float = 0.0


class Failed(Exception):
    """A step answered something else than expected: 'step: outcome'."""


def timed(outcome: Outcome, step: str, call, *args, **kwargs):
    """Run call, record its latency under step (added up if the step repeats)."""
    start = time.perf_counter()
    try:
        return call(*args, **kwargs)
    except (OSError, http.client.HTTPException) as error:
        raise Failed(f"{step}: {type(error).__name__}") from error
    finally:
        ms = (time.perf_counter() - start) * 1000
        outcome.steps[step] = outcome.steps.get(step, 0.0) + ms


def purchase(
    port: int, stripe_port: int, cart: list[dict], pay: bool, browser: Browser | None = None
) -> Outcome:
    """One buyer's purchase of `cart` ([{pk, qty, in_stock, page}]), paid if `pay`, in a new
    Browser (or `browser`, one like it). She lands on the first line's product page, whose
    add-to-cart form sets the CSRF cookie (an empty /cart/ does not)."""
    outcome, browser = Outcome(), browser or Browser(port)
    start = time.perf_counter()
    try:
        page = cart[0]["page"]
        status, _, _ = timed(outcome, "product page", browser.request, "GET", page)
        csrf = browser.cookies.get("csrftoken")
        if status != 200 or not csrf:
            raise Failed(f"product page: {status}{'' if csrf else ' without csrftoken'}")
        for line in cart:
            fields = {"csrfmiddlewaretoken": csrf, "product": line["pk"], "quantity": line["qty"]}
            status, location, _ = timed(
                outcome, "cart add", browser.request, "POST", "/cart/add/", fields
            )
            if status != 302 or location != "/cart/":
                raise Failed(f"cart add: {status} {location}")
        status, _, html = timed(outcome, "checkout page", browser.request, "GET", "/checkout/")
        key = CHECKOUT_KEY.search(html)
        if status != 200 or not key:
            raise Failed(f"checkout page: {status}{'' if key else ' without a checkout key'}")
        fields = {"csrfmiddlewaretoken": csrf, "checkout_key": key.group(1), **CONTACT}
        status, location, _ = timed(
            outcome, "checkout", browser.request, "POST", "/checkout/", fields
        )
        token = PURCHASE_LOCATION.match(location) if status == 302 else None
        if not token:
            raise Failed(f"checkout: {status} {location or 'no redirect'}")
        outcome.pieces = {str(line["pk"]): line["qty"] for line in cart if line["in_stock"]}
        if pay:
            pay_for(outcome, browser, stripe_port, location)
    except Failed as failure:
        outcome.error = str(failure)
    outcome.total_ms = (time.perf_counter() - start) * 1000
    return outcome


def pay_for(outcome: Outcome, browser: Browser, stripe_port: int, location: str) -> None:
    """The purchase page, a card token from localstripe and the pay request."""
    status, _, _ = timed(outcome, "purchase page", browser.request, "GET", location)
    if status != 200:
        raise Failed(f"purchase page: {status}")
    status, body = timed(
        outcome, "card token", stripe_request, stripe_port, "POST", "/v1/tokens", CARD
    )
    card_token = json_field(body, "id") if status == 200 else ""
    if not card_token.startswith("tok_"):
        raise Failed(f"card token: {status}")
    fields = {"card_token": card_token}
    headers = {"X-CSRFToken": browser.cookies.get("csrftoken", "")}
    status, _, body = timed(
        outcome, "pay", browser.request, "POST", f"{location}pay/", fields, headers
    )
    answer = json_field(body, "status")
    if status != 200 or answer != "succeeded":
        raise Failed(f"pay: {status} {answer}")


def json_field(body: str, name: str) -> str:
    """body's top-level `name` as a string, or '' if body is not such JSON."""
    try:
        return str(json.loads(body).get(name, ""))
    except (ValueError, AttributeError):
        return ""
