"""Labels read as Chinese in Chinese: no word said twice, and a label's colon is the
full-width "：" (the English pages keep "Materials per piece:")."""

from django.core import mail
from django.urls import reverse
from django.utils import translation

from marketplace.emails import purchase_paid_notify
from tests.factories import ProductFactory, paid_purchase
from tests.orders.factories import knot_order
from tests.pages import en, page


def zh(name: str, *args) -> str:
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def test_the_product_page_says_in_stock_once(client, tree):
    product_page = tree.add_product(ProductFactory(stock=213))
    html = page(client.get(product_page.url))
    assert "现货" in html
    assert "213 件" in html
    assert html.count("现货") == 1


def test_the_coordinators_line_page_names_the_recipient_once(coordinator_client, cooperative):
    line = paid_purchase((ProductFactory(cooperative=cooperative, stock=5), 1)).lines.get()
    html = page(coordinator_client.get(zh("co_line", line.pk)))
    assert html.count("收货人") == 1
    assert "收货信息" in html


def test_materials_and_instructions_take_a_full_width_colon(coordinator_client, cooperative):
    order = knot_order(cooperative, materials="红绳 2 米", instructions="先打底结")
    html = page(coordinator_client.get(zh("co_order", order.pk)))
    assert "每件材料：</strong>" in html
    assert "做法说明：</strong>" in html
    assert "</strong>:" not in html

    english = page(coordinator_client.get(en("co_order", order.pk)))
    assert "Materials per piece:</strong>" in english
    assert "Instructions:</strong>" in english


def test_the_paid_email_labels_its_total_with_a_full_width_colon(
    db, django_capture_on_commit_callbacks
):
    purchase = paid_purchase((ProductFactory(), 1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # sent once the change commits
        purchase_paid_notify(purchase.pk)
    buyer = next(message for message in mail.outbox if message.to == [purchase.email])
    assert "合计：" in buyer.body
