"""The buyer's purchase page and her list of purchases: where each purchase stands now
(derived from its lines, payment and refunds by ``purchase_state``), what came back and why,
what she paid after refunds, and stock promised only while it is really held."""

import datetime
import re
from decimal import Decimal

from django.utils import timezone

import pytest

from marketplace.models import Fulfilment, Purchase, PurchaseLine, PurchaseStatus
from marketplace.services.fulfilment import line_cancel, line_deliver, line_ship
from marketplace.services.purchases import purchase_expire, purchase_transition
from tests.factories import ProductFactory, PurchaseFactory, RefundFactory, paid_purchase
from tests.marketplace.checkout import card_token

pytestmark = pytest.mark.django_db

HEADLINE = re.compile(r'<h1 id="purchase-status" data-status="(\w+)">([^<]*)</h1>')
HELD_ZH = "现货商品为您保留到"
HELD_EN = "In-stock pieces are held for you until"


def page(client, purchase: Purchase, *, english: bool = False) -> str:
    prefix = "/en" if english else ""
    response = client.get(f"{prefix}/purchases/{purchase.token}/")
    assert response.status_code == 200
    return response.content.decode()


def headline(html: str) -> tuple[str, str]:
    """(data-status, the words) of the page's headline."""
    return HEADLINE.search(html).groups()


def knot(**kwargs):
    return ProductFactory(price=Decimal("38.00"), stock=10, **kwargs)


def bun():
    return ProductFactory(fulfilment=Fulfilment.MADE_TO_ORDER, lead_time_days=7, stock=0)


def lines(purchase: Purchase) -> list[PurchaseLine]:
    return list(purchase.lines.order_by("pk"))


def ship(line: PurchaseLine, actor) -> PurchaseLine:
    return line_ship(line=line, carrier="顺丰", tracking_number="SF1234567890", actor=actor)


# Where it stands, in both languages ----------------------------------------------------------


def unpaid(actor):
    return PurchaseFactory(items=[(knot(), 1)])


def confirming(actor):
    """Stripe took the card a moment ago; its webhook has not come yet."""
    purchase = PurchaseFactory(items=[(knot(), 1)], intent_id="pi_test_confirming")
    Purchase.objects.filter(pk=purchase.pk).update(
        payment_intent_status="succeeded", payment_started_at=timezone.now()
    )
    return purchase


def paid(actor):
    return paid_purchase((knot(), 1))


def being_made(actor):
    return paid_purchase((bun(), 2))


def partly_shipped(actor):
    purchase = paid_purchase((knot(), 1), (knot(), 1))
    ship(lines(purchase)[0], actor)
    return purchase


def shipped(actor):
    purchase = paid_purchase((knot(), 1), (knot(), 1))
    first, second = lines(purchase)
    line_deliver(line=ship(first, actor), actor=actor)
    ship(second, actor)
    return purchase


def delivered(actor):
    purchase = paid_purchase((knot(), 1), (bun(), 1))
    for line in lines(purchase):
        line_deliver(line=ship(line, actor), actor=actor)
    return purchase


def refunded(actor, stripe_refunds):
    purchase = paid_purchase((knot(), 2))
    line_cancel(line=lines(purchase)[0], actor=actor, reason="缺货")
    return purchase


def expired(actor):
    purchase = PurchaseFactory(items=[(knot(), 1)])
    return purchase_expire(purchase=purchase)


def cancelled_unpaid(actor):
    purchase = PurchaseFactory(items=[(knot(), 1)])
    return purchase_transition(purchase=purchase, to=PurchaseStatus.CANCELLED)


STATES = [
    (unpaid, "awaiting_payment", "待付款", "Awaiting payment"),
    (confirming, "confirming", "正在确认付款", "Confirming payment"),
    (paid, "paid", "已付款", "Paid"),
    (being_made, "making", "制作中", "Being made"),
    (partly_shipped, "partly_shipped", "部分发货", "Partly shipped"),
    (shipped, "shipped", "已发货", "Shipped"),
    (delivered, "delivered", "已送达", "Delivered"),
    (refunded, "refunded", "已全额退款", "Fully refunded"),
    (expired, "expired", "已过期", "Expired"),
    (cancelled_unpaid, "cancelled", "已取消", "Cancelled"),
]


@pytest.mark.parametrize(("make", "state", "zh", "en"), STATES, ids=[s[1] for s in STATES])
def test_the_headline_says_where_the_purchase_stands_now(
    client, coordinator, stripe_refunds, make, state, zh, en
):
    # given a purchase in that state, made by the services that put it there
    arguments = (coordinator.user, stripe_refunds) if make is refunded else (coordinator.user,)
    purchase = make(*arguments)

    # then its page says so first, in Chinese and in English
    assert headline(page(client, purchase)) == (state, zh)
    assert headline(page(client, purchase, english=True)) == (state, en)


def test_a_delivered_purchase_no_longer_says_paid(client, coordinator):
    purchase = delivered(coordinator.user)

    html = page(client, purchase)

    assert headline(html) == ("delivered", "已送达")
    assert "感谢您的购买" not in html  # the thank-you of a fresh payment is over


# Refunds and what she paid -------------------------------------------------------------------


def test_a_refund_shows_its_amount_reason_and_date_and_what_she_paid_to_the_fen(
    client, stripe_refunds
):
    # given 3 × ¥29.90 = ¥89.70 paid, and ¥12.35 refunded for one line
    purchase = paid_purchase((ProductFactory(price=Decimal("29.90"), stock=5), 3))
    refund = RefundFactory(purchase=purchase, amount=Decimal("12.35"), reason="一件有瑕疵")
    today = timezone.localtime(refund.created_at).strftime("%Y-%m-%d %H:%M")

    html = page(client, purchase)

    # then the refund is listed with its amount, reason and date, and 实付 is ¥77.35
    refunds = html[html.index('id="refunds-heading"') :]
    assert "¥12.35" in refunds and "一件有瑕疵" in refunds and today in refunds
    assert "data-goods>¥89.70<" in html
    assert "data-refunded>−¥12.35<" in html
    assert "data-paid>¥77.35<" in html
    assert "实付" in html
    assert headline(html) == ("paid", "已付款")
    assert "部分退款：¥12.35" in html


def test_the_refund_reads_in_english_too(client, stripe_refunds):
    purchase = paid_purchase((ProductFactory(price=Decimal("29.90"), stock=5), 3))
    RefundFactory(purchase=purchase, amount=Decimal("12.35"), reason="One piece was flawed")

    html = page(client, purchase, english=True)

    assert "Refunds" in html and "One piece was flawed" in html
    assert "Amount paid" in html and "data-paid>¥77.35<" in html
    assert "Partly refunded: ¥12.35" in html


def test_a_refund_on_its_way_counts_and_a_failed_one_does_not(client, stripe_refunds):
    purchase = paid_purchase((knot(), 2))  # ¥76.00
    stripe_refunds.status = "pending"
    RefundFactory(purchase=purchase, amount=Decimal("10.00"), reason="少发一件")
    stripe_refunds.status = "failed"
    RefundFactory(purchase=purchase, amount=Decimal("20.00"), reason="填错了")

    html = page(client, purchase)

    assert "少发一件" in html and "退款途中" in html
    assert "填错了" not in html
    assert "data-paid>¥66.00<" in html


def test_an_unpaid_purchase_shows_no_amount_paid(client):
    html = page(client, unpaid(None))

    assert "data-paid" not in html and "实付" not in html


# Stock held only while it is held ------------------------------------------------------------


def test_an_unpaid_purchase_says_until_when_its_stock_is_held(client):
    purchase = unpaid(None)
    until = timezone.localtime(purchase.reserved_until).strftime("%H:%M")

    assert f"{HELD_ZH} {until}" in page(client, purchase)
    assert f"{HELD_EN} {until}" in page(client, purchase, english=True)


def test_a_declined_card_no_longer_promises_held_stock(client, localstripe):
    # given a purchase holding a knot, paid with a card the bank declines
    purchase = unpaid(None)
    answer = client.post(
        f"/purchases/{purchase.token}/pay/", {"card_token": card_token("4000000000000002")}
    )
    assert answer.status_code == 402
    assert answer.json()["stock_held"] is False  # pay.js takes the promise off the open page

    # then its page says the payment failed, and no longer that the knot is held
    html = page(client, purchase)
    assert headline(html) == ("payment_failed", "付款失败")
    assert HELD_ZH not in html
    assert '<p class="hint" id="stock-returned">现货商品已重新上架' in html
    assert "付款未成功，商品已退回库存" in html  # what the history says too
    assert "pay-form" in html  # she can try again
    english = page(client, purchase, english=True)
    assert headline(english) == ("payment_failed", "Payment failed")
    assert HELD_EN not in english


def test_a_lapsed_reservation_is_not_promised(client):
    purchase = unpaid(None)
    Purchase.objects.filter(pk=purchase.pk).update(
        reserved_until=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert HELD_ZH not in page(client, purchase)


def test_made_to_order_pieces_are_not_said_to_be_held(client):
    purchase = PurchaseFactory(items=[(bun(), 1)])

    html = page(client, purchase)

    assert headline(html) == ("awaiting_payment", "待付款")
    assert HELD_ZH not in html


# Her list of purchases -----------------------------------------------------------------------


def test_her_list_says_where_each_purchase_stands_and_what_she_paid(
    client, coordinator, stripe_refunds, django_user_model
):
    buyer = django_user_model.objects.create_user("li@example.com")
    sent = delivered(coordinator.user)
    partly = paid_purchase((ProductFactory(price=Decimal("29.90"), stock=5), 3))
    RefundFactory(purchase=partly, amount=Decimal("12.35"))
    Purchase.objects.filter(pk__in=[sent.pk, partly.pk]).update(buyer=buyer)
    client.force_login(buyer)

    html = client.get("/purchases/").content.decode()

    assert 'data-state="delivered">已送达<' in html
    assert 'data-state="paid">已付款<' in html and "部分退款" in html
    assert "¥77.35" in html and "已退 ¥12.35" in html
    english = client.get("/en/purchases/").content.decode()
    assert 'data-state="delivered">Delivered<' in english
    assert "¥12.35 refunded" in english


def test_her_list_costs_the_same_queries_however_many_purchases(
    client, django_user_model, django_assert_max_num_queries, stripe_refunds
):
    buyer = django_user_model.objects.create_user("li@example.com")
    client.force_login(buyer)
    first = paid_purchase((knot(), 1))
    RefundFactory(purchase=first, amount=Decimal("1.00"))
    Purchase.objects.filter(pk=first.pk).update(buyer=buyer)
    with django_assert_max_num_queries(50) as one:
        client.get("/purchases/")
    for _ in range(4):
        more = paid_purchase((knot(), 1), (bun(), 1))
        RefundFactory(purchase=more, amount=Decimal("1.00"))
        Purchase.objects.filter(pk=more.pk).update(buyer=buyer)

    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/purchases/")
