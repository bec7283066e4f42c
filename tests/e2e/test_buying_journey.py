"""A guest buys on a phone: product → cart → checkout → card payment at (local) Stripe.

Stripe.js, the API and the webhook all come from localstripe; the webhook is delivered to the
live server, signed with our secret.
"""

import time
from decimal import Decimal

from django.conf import settings

import pytest

from marketplace.exceptions import PaymentDeclined
from marketplace.models import Product, Purchase, PurchaseEvent, PurchaseStatus, StripeEvent
from marketplace.services import payments
from marketplace.services.fulfilment import line_deliver, line_ship, purchase_refund
from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import PurchaseFactory, coordinator_of, paid_purchase
from tests.fake_stripe_refunds import fake_stripe_refunds
from tests.marketplace.checkout import card_token

DECLINED_ZH = "银行卡被拒，未扣款；请换一张卡再试。"
ADDRESS = {
    "收货人": "王秀兰",
    "手机号": "138 1234 5678",
    "电子邮箱": "wang.xiulan@example.com",
    "省份": "山东省",
    "城市": "青岛市",
    "区县": "莱西市",
    "详细地址": "水集街道烟台路 8 号 2 单元 301 室",
}


@pytest.fixture
def shop(bilingual_site, localstripe, live_server):
    """The showcase, with localstripe delivering its webhooks to the live server."""
    webhook = live_server.url + "/stripe/webhook/"
    localstripe.register_webhook(webhook, settings.STRIPE_WEBHOOK_SECRET)
    return live_server


@pytest.fixture
def axe() -> AxeFindings:
    return AxeFindings()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def add_to_cart(page, base_url: str, slug: str) -> None:
    page.goto(f"{base_url}/products/{slug}/")
    page.get_by_role("button", name="加入购物车").click()
    page.wait_for_url("**/cart/")


def check_out(page, screenshot, axe: AxeFindings) -> Purchase:
    """From the cart to the purchase page, with a valid mainland address."""
    axe.check(page, "cart")
    assert_fits(page)
    screenshot(page, "cart")
    page.get_by_role("link", name="去结算").click()
    page.wait_for_url("**/checkout/")
    for label, value in ADDRESS.items():
        page.get_by_label(label, exact=True).fill(value)
    axe.check(page, "checkout")
    assert_fits(page)
    screenshot(page, "checkout")
    page.get_by_role("button", name="去付款").click()
    page.wait_for_url("**/purchases/*/")
    assert page.locator("#purchase-status").get_attribute("data-status") == "awaiting_payment"
    page.locator("#card-element input").first.wait_for()
    axe.check(page, "purchase")
    assert_fits(page)
    screenshot(page, "purchase")
    token = page.url.rstrip("/").rsplit("/", 1)[-1]
    return Purchase.objects.get(token=token)


def enter_card(page, number: str) -> None:
    """Type into the inputs localstripe's Stripe.js mounts in the card element."""
    inputs = page.locator("#card-element input")
    inputs.first.wait_for()
    for index, value in enumerate([number, "12", "34", "123", "266000"]):
        inputs.nth(index).fill(value)


def wait_for_paid_status(page, state: str = "paid", words: str = "已付款") -> None:
    """The page heads with the paid purchase's state: 已付款, or 制作中 while a made-to-order
    piece is being made."""
    page.locator(f'#purchase-status[data-status="{state}"]').wait_for()
    assert page.locator("#purchase-status").inner_text() == words


def webhook_success_for(purchase: Purchase, seconds: float = 15) -> StripeEvent:
    """Poll for the verified payment_intent.succeeded event about the purchase's intent."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for event in StripeEvent.objects.filter(type="payment_intent.succeeded"):
            intent = event.payload["data"]["object"]
            if intent["metadata"].get("purchase_id") == str(purchase.pk):
                return event
        time.sleep(0.2)
    pytest.fail(f"no payment_intent.succeeded webhook for {purchase} within {seconds} s")


def assert_paid_once_by_stripe(purchase: Purchase) -> None:
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.PAID
    event = webhook_success_for(purchase)
    assert event.payload["data"]["object"]["id"] == purchase.payment_intent_id
    assert event.payload["data"]["object"]["amount"] == int(purchase.total * 100)
    paid = PurchaseEvent.objects.filter(purchase=purchase, line__isnull=True, status="paid")
    assert paid.count() == 1  # the webhook arriving after the page said "paid" changed nothing


def test_guest_buys_from_two_cooperatives_and_pays_by_card(shop, phone, screenshot, axe):
    # given a guest with a knot in stock and a made-to-order bun in her cart
    add_to_cart(phone, shop.url, "knot-1")
    add_to_cart(phone, shop.url, "bun-1")
    assert phone.locator(".cart-line").count() == 2
    assert phone.get_by_text("彩虹手编").is_visible()
    assert phone.get_by_text("喜我我花饽饽").is_visible()
    assert phone.get_by_text("¥156.00").first.is_visible()

    # when she checks out and pays with a card that goes through
    purchase = check_out(phone, screenshot, axe)
    assert purchase.total == 156
    assert sorted(purchase.lines.values_list("cooperative__name", flat=True)) == [
        "喜我我花饽饽",
        "彩虹手编",
    ]
    assert Product.objects.get(sku="KNOT-1").stock == 11
    enter_card(phone, "4242424242424242")
    screenshot(phone, "card")
    phone.locator("#pay-button").click()

    # then the page shows the purchase paid and its bun being made, Stripe's signed webhook
    # having confirmed it
    wait_for_paid_status(phone, "making", "制作中")
    assert phone.locator("[data-paid]").inner_text() == "¥156.00"
    axe.check(phone, "purchase-paid")
    assert_fits(phone)
    screenshot(phone, "paid")
    assert_paid_once_by_stripe(purchase)
    assert Product.objects.get(sku="KNOT-1").stock == 11
    axe.assert_none()


def test_a_declined_card_says_so_and_gives_the_stock_back(shop, phone, screenshot, axe):
    # given a knot in the cart, and its stock before checkout
    before = Product.objects.get(sku="KNOT-1").stock
    add_to_cart(phone, shop.url, "knot-1")
    purchase = check_out(phone, screenshot, axe)
    assert Product.objects.get(sku="KNOT-1").stock == before - 1

    # when she pays with a card the bank declines
    enter_card(phone, "4000000000000002")
    phone.locator("#pay-button").click()

    # then she reads why, nothing is paid, and the knot is back on sale
    error = phone.locator("#pay-error")
    error.wait_for(state="visible")
    assert error.inner_text() == DECLINED_ZH
    assert phone.locator("#pay-button").is_enabled()
    # the open page takes back its promise to hold the knot
    assert phone.locator("#stock-held").is_hidden()
    assert phone.locator("#stock-returned").is_visible()
    axe.check(phone, "purchase-declined")
    screenshot(phone, "declined")
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.AWAITING_PAYMENT
    assert Product.objects.get(sku="KNOT-1").stock == before

    # and, opened again, the page heads with the failure and promises no held stock
    phone.reload()
    assert phone.locator("#purchase-status").inner_text() == "付款失败"
    assert "保留到" not in phone.locator("main").inner_text()
    assert phone.locator("#pay-button").is_enabled()
    axe.check(phone, "purchase-declined-reloaded")
    axe.assert_none()


def test_a_card_with_3d_secure_is_paid_after_authentication(shop, phone, screenshot, axe):
    add_to_cart(phone, shop.url, "knot-1")
    purchase = check_out(phone, screenshot, axe)

    enter_card(phone, "4000002760003184")
    phone.locator("#pay-button").click()
    complete = phone.get_by_role("button", name="Complete authentication")
    complete.wait_for()
    screenshot(phone, "3ds")
    complete.click()

    wait_for_paid_status(phone)
    screenshot(phone, "paid")
    assert_paid_once_by_stripe(purchase)
    axe.assert_none()


def test_a_failed_3d_secure_check_says_so_and_gives_the_stock_back(shop, phone, screenshot, axe):
    before = Product.objects.get(sku="KNOT-1").stock
    add_to_cart(phone, shop.url, "knot-1")
    purchase = check_out(phone, screenshot, axe)

    enter_card(phone, "4000002760003184")
    phone.locator("#pay-button").click()
    phone.get_by_role("button", name="Fail authentication").click()

    # the page reloads; the server asks Stripe and hears the check failed
    phone.get_by_text("银行卡安全验证（3-D Secure）没有通过，未扣款。").wait_for()
    assert phone.locator("#purchase-status").inner_text() == "付款失败"
    assert "保留到" not in phone.locator("main").inner_text()
    axe.check(phone, "purchase-3ds-failed")
    screenshot(phone, "3ds-failed")
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.AWAITING_PAYMENT
    assert Product.objects.get(sku="KNOT-1").stock == before
    axe.assert_none()


# The purchase page, state by state ---------------------------------------------------------

HEADLINES = {
    "paid": ("已付款", "Paid"),
    "delivered": ("已送达", "Delivered"),
    "partly-refunded": ("已付款", "Paid"),
    "declined": ("付款失败", "Payment failed"),
}


@pytest.fixture
def purchases(bilingual_site, localstripe, monkeypatch) -> dict[str, Purchase]:
    """A purchase of knots in each state the buyer's page tells apart, each put there by the
    services that do it for real (the decline at localstripe; refunds at a fake Stripe)."""
    knot = Product.objects.get(sku="KNOT-1")
    coordinator = coordinator_of(knot.cooperative).user
    delivered = paid_purchase((knot, 2))
    line = delivered.lines.get()
    line_ship(line=line, carrier="顺丰", tracking_number="SF1234567890", actor=coordinator)
    line_deliver(line=line, actor=coordinator)
    refunded = paid_purchase((knot, 3))
    fake_stripe_refunds(monkeypatch)
    purchase_refund(
        purchase=refunded,
        line=refunded.lines.get(),
        amount=Decimal("20.00"),
        reason="一个结的流苏松了",
        actor=coordinator,
    )
    declined = PurchaseFactory(items=[(knot, 1)])
    with pytest.raises(PaymentDeclined):
        payments.purchase_pay(purchase=declined, card_token=card_token("4000000000000002"))
    paid = paid_purchase((knot, 1))
    return {
        "paid": paid,
        "delivered": delivered,
        "partly-refunded": refunded,
        "declined": declined,
    }


@pytest.mark.parametrize(
    ("viewport", "prefix"), [(PHONE, ""), (DESKTOP, "/en")], ids=["360-zh", "1280-en"]
)
def test_the_purchase_page_says_where_it_stands(
    purchases, live_server, browser, screenshot, axe, viewport, prefix
):
    context = browser.new_context(viewport=viewport, locale="zh-CN" if not prefix else "en-US")
    page = context.new_page()
    try:
        for name, purchase in purchases.items():
            page.goto(f"{live_server.url}{prefix}/purchases/{purchase.token}/")
            words = HEADLINES[name][1 if prefix else 0]
            assert page.locator("#purchase-status").inner_text() == words, name
            assert_fits(page)
            axe.check(page, f"purchase-{name}")
            screenshot(page, f"{name}-{viewport['width']}")
        # the partly refunded one: the refund's amount and reason, and what she paid
        page.goto(f"{live_server.url}{prefix}/purchases/{purchases['partly-refunded'].token}/")
        refund = page.locator("[data-refund]").inner_text()
        assert "¥20.00" in refund and "一个结的流苏松了" in refund
        assert page.locator("[data-paid]").inner_text() == "¥184.00"  # 3 × ¥68.00 − ¥20.00
        # the declined one holds nothing any more
        page.goto(f"{live_server.url}{prefix}/purchases/{purchases['declined'].token}/")
        assert page.locator("#stock-held").count() == 0
    finally:
        context.close()
    axe.assert_none()
