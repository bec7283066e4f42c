"""The checkout fits a phone: the phone field brings up the number pad, and a signed-in
buyer finds her last address filled in."""

import re
from dataclasses import replace

import pytest

from marketplace.models import Purchase
from marketplace.selectors import CONTACT_FIELDS
from tests.factories import CONTACT, ProductFactory, PurchaseFactory
from tests.marketplace.checkout import ADDRESS, checkout_form


@pytest.mark.django_db
def test_the_phone_field_asks_for_the_telephone_keyboard(client):
    product = ProductFactory(stock=5)
    client.post("/cart/add/", {"product": product.pk, "quantity": 1})
    html = client.get("/checkout/").content.decode()
    (phone,) = re.findall(r'<input[^>]*name="phone"[^>]*>', html)
    assert 'type="tel"' in phone
    assert 'inputmode="tel"' in phone
    assert 'autocomplete="tel"' in phone


@pytest.mark.django_db
def test_a_signed_in_buyer_finds_her_last_address_filled_in(client, django_user_model):
    buyer = django_user_model.objects.create_user("buyer-a", password="x-pass-2026")
    earlier = PurchaseFactory(contact=replace(CONTACT, city="烟台市", address="旧地址 9 号"))
    latest = PurchaseFactory()
    Purchase.objects.filter(pk__in=[earlier.pk, latest.pk]).update(buyer=buyer)
    client.force_login(buyer)
    client.post("/cart/add/", {"product": ProductFactory(stock=5).pk, "quantity": 1})

    form = client.get("/checkout/").context["form"]

    assert {name: form[name].value() for name in CONTACT_FIELDS} == {
        name: ADDRESS[name] for name in CONTACT_FIELDS
    }


@pytest.mark.django_db
def test_a_guest_finds_the_form_empty(client):
    PurchaseFactory()
    client.post("/cart/add/", {"product": ProductFactory(stock=5).pk, "quantity": 1})
    form = client.get("/checkout/").context["form"]
    assert all(form[name].value() in (None, "") for name in CONTACT_FIELDS)


@pytest.mark.django_db
def test_an_empty_submit_says_at_the_top_what_to_correct(client):
    client.post("/cart/add/", {"product": ProductFactory(stock=5).pk, "quantity": 1})
    empty = checkout_form(client, **dict.fromkeys(ADDRESS, ""))

    html = client.post("/checkout/", empty).content.decode()

    summary = html[html.index("error-summary") : html.index("</div>", html.index("error-summary"))]
    assert "请修改以下几项：" in summary
    assert '<a href="#id_recipient">收货人：' in summary
    assert '<a href="#id_phone">手机号' in summary
    assert html.index("error-summary") < html.index('name="recipient"')
    assert not Purchase.objects.exists()
