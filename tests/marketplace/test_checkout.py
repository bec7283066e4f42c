"""Cart and checkout: snapshots, reservation, and bad input that changes nothing."""

import datetime
from decimal import Decimal

from django.utils import timezone

import pytest

from marketplace.exceptions import NotEnoughStock, PriceChanged, ProductUnavailable
from marketplace.models import Fulfilment, Product, Purchase, PurchaseEvent
from marketplace.services.cart import CartLine
from marketplace.services.purchases import (
    purchase_create,
    purchase_expire,
    purchase_mark_paid,
    purchases_expire_overdue,
)
from tests.factories import CONTACT, CooperativeFactory, ProductFactory, PurchaseFactory
from tests.marketplace.checkout import checkout_form

pytestmark = pytest.mark.django_db


def buy(product: Product, quantity: int = 1) -> Purchase:
    return PurchaseFactory(items=[(product, quantity)])


def test_purchase_snapshots_name_price_and_quantity():
    product = ProductFactory(name="如意结", price=Decimal("68.00"), stock=10)

    purchase = buy(product, quantity=3)
    product.name, product.price = "改了名", Decimal("99.00")
    product.save()

    line = purchase.lines.get()
    assert (line.name, line.unit_price, line.quantity) == ("如意结", Decimal("68.00"), 3)
    assert purchase.total == Decimal("204.00")
    assert purchase.reference == f"JG{purchase.pk:08d}"


def test_in_stock_lines_reserve_and_made_to_order_lines_do_not():
    in_stock = ProductFactory(stock=10)
    made = ProductFactory(fulfilment=Fulfilment.MADE_TO_ORDER, stock=0, max_per_order=50)

    purchase_create(
        cart_lines=[
            CartLine(in_stock, 4, in_stock.price),
            CartLine(made, 30, made.price),
        ],
        contact=CONTACT,
    )

    in_stock.refresh_from_db()
    made.refresh_from_db()
    assert in_stock.stock == 6
    assert made.stock == 0


def test_a_sold_out_line_creates_nothing_and_takes_no_stock():
    plenty = ProductFactory(stock=10)
    scarce = ProductFactory(stock=1)

    with pytest.raises(NotEnoughStock):
        purchase_create(
            cart_lines=[CartLine(plenty, 2, plenty.price), CartLine(scarce, 2, scarce.price)],
            contact=CONTACT,
        )

    plenty.refresh_from_db()
    assert plenty.stock == 10
    assert not Purchase.objects.exists()


def test_a_price_change_since_the_cart_creates_nothing():
    product = ProductFactory(price=Decimal("38.00"))
    stale = CartLine(product, 1, Decimal("30.00"))

    with pytest.raises(PriceChanged):
        purchase_create(cart_lines=[stale], contact=CONTACT)
    assert not Purchase.objects.exists()


def test_a_product_taken_off_sale_creates_nothing():
    product = ProductFactory(is_active=False)
    with pytest.raises(ProductUnavailable):
        purchase_create(cart_lines=[CartLine(product, 1, product.price)], contact=CONTACT)


def test_expiry_releases_the_reserved_stock_once():
    product = ProductFactory(stock=5)
    purchase = buy(product, quantity=2)
    Purchase.objects.filter(pk=purchase.pk).update(
        reserved_until=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert purchases_expire_overdue() == 1
    assert purchases_expire_overdue() == 0
    purchase_expire(purchase=purchase)

    product.refresh_from_db()
    purchase.refresh_from_db()
    assert product.stock == 5
    assert purchase.status == "expired"


def test_paid_is_idempotent_and_recorded_once(django_capture_on_commit_callbacks, mailoutbox):
    product = ProductFactory(stock=5)
    purchase = buy(product)

    with django_capture_on_commit_callbacks(execute=True):
        purchase_mark_paid(purchase=purchase)
        purchase_mark_paid(purchase=purchase)

    purchase.refresh_from_db()
    assert purchase.status == "paid" and purchase.paid_at
    assert PurchaseEvent.objects.filter(purchase=purchase, status="paid", line=None).count() == 1
    assert purchase.lines.get().status == "paid"
    assert [m.to for m in mailoutbox] == [["li@example.com"]]
    assert purchase.token in mailoutbox[0].body


def test_a_late_payment_after_expiry_still_counts_and_takes_the_stock_again():
    product = ProductFactory(stock=2)
    purchase = buy(product, quantity=2)
    purchase_expire(purchase=purchase)

    purchase_mark_paid(purchase=purchase)

    product.refresh_from_db()
    assert Purchase.objects.get(pk=purchase.pk).status == "paid"
    assert product.stock == 0


# The views ------------------------------------------------------------------------------


def add(client, product, quantity):
    return client.post("/cart/add/", {"product": product, "quantity": quantity}, follow=True)


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "至少选 1 件"),
        ("-1", "至少选 1 件"),
        ("1000000000", "一次买不了这么多"),
        ("abc", "件数请填整数"),
        ("", "请输入要买几件"),
        ("2.5", "件数请填整数"),
    ],
)
def test_bad_quantities_get_a_clear_message_and_an_empty_cart(client, quantity, message):
    product = ProductFactory(stock=10)

    response = add(client, product.pk, quantity)

    assert message in response.content.decode()
    assert not client.session.get("cart")


def test_more_than_the_free_stock_is_refused(client):
    product = ProductFactory(name="如意结", stock=3)
    response = add(client, product.pk, 4)
    assert "如意结 只剩 3 件了" in response.content.decode()
    assert not client.session.get("cart")


def test_made_to_order_is_limited_per_purchase(client):
    product = ProductFactory(fulfilment=Fulfilment.MADE_TO_ORDER, stock=0, max_per_order=20)
    assert add(client, product.pk, 20).status_code == 200
    response = add(client, product.pk, 1)
    assert "请选择 1 到 20 件" in response.content.decode()
    assert client.session["cart"][str(product.pk)]["quantity"] == 20


@pytest.mark.parametrize("product_id", ["999999", "abc", "", "-1", "9" * 30])
def test_unknown_products_are_404(client, product_id):
    assert client.post("/cart/add/", {"product": product_id, "quantity": 1}).status_code == 404


def test_products_off_sale_cannot_be_added(client):
    product = ProductFactory(is_active=False)
    assert add(client, product.pk, 1).status_code == 404


def test_cart_lines_from_several_cooperatives_and_a_total(client):
    knot = ProductFactory(cooperative=CooperativeFactory(), price=Decimal("68.00"))
    bun = ProductFactory(
        cooperative=CooperativeFactory(), price=Decimal("88.00"), fulfilment="made_to_order"
    )
    add(client, knot.pk, 2)
    add(client, bun.pk, 1)

    html = client.get("/cart/").content.decode()

    assert "¥224.00" in html
    assert knot.name in html and bun.name in html


def test_checkout_after_a_price_change_shows_the_cart_and_changes_nothing(client):
    product = ProductFactory(name="平安结", price=Decimal("38.00"), stock=5)
    add(client, product.pk, 1)
    Product.objects.filter(pk=product.pk).update(price=Decimal("42.00"))

    response = client.post("/checkout/", checkout_form(client), follow=True)

    assert "平安结 的价格已从 ¥38.00 变为 ¥42.00" in response.content.decode()
    assert not Purchase.objects.exists()
    assert Product.objects.get(pk=product.pk).stock == 5
    # having seen the new price, she can check out at it
    client.post("/checkout/", checkout_form(client))
    assert Purchase.objects.get().total == Decimal("42.00")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "请输入 11 位大陆手机号"),
        ("phone", "23812345678", "请输入 11 位大陆手机号"),
        ("email", "not-an-email", "有效的 Email 地址"),
        ("recipient", "", "必需字段"),
        ("address", "路" * 500, "不超过 120 字符"),
    ],
)
def test_checkout_validates_the_address_and_creates_nothing(client, field, value, message):
    product = ProductFactory(stock=5)
    add(client, product.pk, 1)

    response = client.post("/checkout/", checkout_form(client, **{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Purchase.objects.exists()
    assert Product.objects.get(pk=product.pk).stock == 5


def test_checkout_accepts_phone_numbers_with_spaces_and_country_code(client):
    add(client, ProductFactory(stock=5).pk, 1)
    client.post("/checkout/", checkout_form(client, phone="+86 138-1234-5678"))
    assert Purchase.objects.get().phone == "13812345678"


def test_the_purchase_page_is_reachable_only_by_its_token(client):
    purchase = buy(ProductFactory(stock=5))
    assert client.get(f"/purchases/{purchase.token}/").status_code == 200
    assert client.get(f"/purchases/{purchase.token[:-1]}x/").status_code == 404
    assert client.get(f"/purchases/{purchase.pk}/").status_code == 404
    assert client.get("/purchases/" + "a" * 300 + "/").status_code == 404


def test_my_purchases_shows_only_the_buyers_own(client, django_user_model):
    mine = django_user_model.objects.create_user("buyer-a", password="x-pass-2026")
    other = django_user_model.objects.create_user("buyer-b", password="x-pass-2026")
    product = ProductFactory(stock=5)
    own = buy(product)
    Purchase.objects.filter(pk=own.pk).update(buyer=mine)
    theirs = buy(product)
    Purchase.objects.filter(pk=theirs.pk).update(buyer=other)
    client.force_login(mine)

    html = client.get("/purchases/").content.decode()

    assert own.reference in html and theirs.reference not in html


def test_paying_with_a_malformed_token_changes_nothing(client):
    purchase = buy(ProductFactory(stock=5))
    response = client.post(f"/purchases/{purchase.token}/pay/", {"card_token": "4242424242424242"})
    assert response.status_code == 400
    assert Purchase.objects.get(pk=purchase.pk).payment_attempts == 0


def test_the_expiry_command_releases_lapsed_reservations():
    from django.core.management import call_command

    product = ProductFactory(stock=4)
    purchase = buy(product, quantity=4)
    Purchase.objects.filter(pk=purchase.pk).update(
        reserved_until=timezone.now() - datetime.timedelta(seconds=1)
    )

    call_command("expire_purchases")

    assert Product.objects.get(pk=product.pk).stock == 4
    assert Purchase.objects.get(pk=purchase.pk).status == "expired"


def test_checkout_can_create_an_account_and_links_the_purchase(client, django_user_model):
    add(client, ProductFactory(stock=5).pk, 1)

    client.post("/checkout/", checkout_form(client, create_account="on", password="knot-Weaver-77"))

    buyer = django_user_model.objects.get(username="li@example.com")
    assert Purchase.objects.get().buyer == buyer
    assert buyer.check_password("knot-Weaver-77")
    assert Purchase.objects.get().reference in client.get("/purchases/").content.decode()


@pytest.mark.parametrize(
    ("password", "message"), [("", "请为新账号设置密码"), ("12345678", "密码")]
)
def test_a_bad_new_account_password_creates_nothing(client, django_user_model, password, message):
    add(client, ProductFactory(stock=5).pk, 1)

    response = client.post(
        "/checkout/", checkout_form(client, create_account="on", password=password)
    )

    assert message in response.content.decode()
    assert not Purchase.objects.exists()
    assert not django_user_model.objects.filter(username="li@example.com").exists()


def test_an_existing_email_must_sign_in_first(client, django_user_model):
    django_user_model.objects.create_user("li@example.com", password="x-pass-2026")
    add(client, ProductFactory(stock=5).pk, 1)

    response = client.post(
        "/checkout/", checkout_form(client, create_account="on", password="a-Good-pass-9")
    )

    assert "已有账号" in response.content.decode()
    assert not Purchase.objects.exists()
