"""The coordinator's workspace at /co/: her cooperatives' paid lines, one line and its
actions, and the production demand.

Who may see what (anonymous → sign in, a mother → 403, another cooperative's line → 404 and
nothing changed), bad input that gets a clear message and changes nothing, and pages whose
query count does not grow with the number of lines. Pages are read in English (/en/) so the
assertions hold whatever the Chinese catalogue says.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

import pytest

from marketplace.models import (
    Fulfilment,
    LineStatus,
    Product,
    Purchase,
    PurchaseEvent,
    PurchaseLine,
    Refund,
    Role,
)
from marketplace.models.purchases import RefundStatus
from marketplace.services.fulfilment import line_ship
from tests.factories import (
    CONTACT,
    MembershipFactory,
    ProductFactory,
    PurchaseFactory,
    UserFactory,
    paid_purchase,
)
from tests.pages import en, said

# The world: two cooperatives, each with a coordinator and paid purchases ----------------


@pytest.fixture
def knot(cooperative) -> Product:
    return ProductFactory(
        cooperative=cooperative,
        name="如意结",
        name_en="Ruyi knot",
        price=Decimal("38.00"),
        stock=20,
    )


@pytest.fixture
def line(knot) -> PurchaseLine:
    return paid_purchase((knot, 3)).lines.get()


@pytest.fixture
def theirs(db) -> PurchaseLine:
    """A paid line of another cooperative, with its own coordinator."""
    product = ProductFactory(name="花饽饽", price=Decimal("66.00"), stock=5)
    MembershipFactory(cooperative=product.cooperative, role=Role.COORDINATOR)
    return paid_purchase((product, 1)).lines.get()


def snapshot(line: PurchaseLine) -> tuple:
    """Everything an action could change about a line, its purchase, stock and money."""
    line = PurchaseLine.objects.select_related("purchase", "product").get(pk=line.pk)
    return (
        line.status,
        line.carrier,
        line.tracking_number,
        line.refunded_amount,
        line.holds_stock,
        line.product.stock,
        line.purchase.status,
        PurchaseEvent.objects.filter(purchase=line.purchase).count(),
        Refund.objects.filter(purchase=line.purchase).count(),
    )


# Who may come in --------------------------------------------------------------------------


def pages(line: PurchaseLine) -> list[tuple[str, str]]:
    return [
        ("get", en("co_lines")),
        ("get", en("co_line", line.pk)),
        ("get", en("co_demand")),
        ("post", en("co_line_action", line.pk, "pack")),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, line):
    for method, url in pages(line):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(en("login") + "?next="), url
    assert snapshot(line)[0] == LineStatus.PAID


@pytest.mark.parametrize("membership", ["mother", "former coordinator", "buyer"])
def test_people_who_coordinate_nothing_get_403(client, line, membership):
    user = UserFactory()
    if membership == "mother":
        MembershipFactory(user=user, cooperative=line.cooperative, role=Role.MOTHER)
    elif membership == "former coordinator":
        MembershipFactory(
            user=user, cooperative=line.cooperative, role=Role.COORDINATOR, is_active=False
        )
    client.force_login(user)
    before = snapshot(line)

    for method, url in pages(line):
        assert getattr(client, method)(url).status_code == 403, url

    assert snapshot(line) == before


def test_another_cooperatives_line_is_404_to_see(coordinator_client, theirs):
    assert coordinator_client.get(en("co_line", theirs.pk)).status_code == 404


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("pack", {}),
        ("ship", {"carrier": "顺丰速运", "tracking_number": "SF1234567890"}),
        ("deliver", {}),
        ("cancel", {"reason": "不是我的"}),
        ("refund", {"amount": "10.00", "reason": "不是我的", "seen": "0.00"}),
    ],
)
def test_another_cooperatives_line_is_404_to_change_and_stays_as_it_was(
    coordinator_client, theirs, stripe_refunds, action, data
):
    before = snapshot(theirs)

    response = coordinator_client.post(en("co_line_action", theirs.pk, action), data)

    assert response.status_code == 404
    assert snapshot(theirs) == before
    assert stripe_refunds.calls == []


def test_a_line_not_yet_paid_is_not_hers_to_see(coordinator_client, knot):
    unpaid = PurchaseFactory(items=[(knot, 1)]).lines.get()

    assert coordinator_client.get(en("co_line", unpaid.pk)).status_code == 404
    assert unpaid.pk not in _listed(coordinator_client.get(en("co_lines")))


@pytest.mark.parametrize("line_id", ["0", "99999999", "9" * 30])
def test_unknown_line_ids_are_404(coordinator_client, line_id):
    assert coordinator_client.get(f"/en/co/lines/{line_id}/").status_code == 404


def test_an_unknown_action_is_404_and_get_is_not_allowed(coordinator_client, line):
    assert coordinator_client.post(en("co_line_action", line.pk, "refund-all")).status_code == 404
    assert coordinator_client.get(en("co_line_action", line.pk, "pack")).status_code == 405
    assert snapshot(line)[0] == LineStatus.PAID


# The list -------------------------------------------------------------------------------


def _listed(response) -> list[int]:
    return [line.pk for line in response.context["page_obj"]]


def test_the_list_shows_her_cooperatives_paid_lines_only(coordinator_client, line, theirs):
    response = coordinator_client.get(en("co_lines"))

    assert response.status_code == 200
    assert _listed(response) == [line.pk]
    html = response.content.decode()
    assert line.purchase.reference in html and "¥114.00" in html
    assert theirs.purchase.reference not in html


def test_a_coordinator_of_two_cooperatives_sees_both(client, coordinator, line, theirs):
    MembershipFactory(user=coordinator.user, cooperative=theirs.cooperative, role=Role.COORDINATOR)
    client.force_login(coordinator.user)

    assert set(_listed(client.get(en("co_lines")))) == {line.pk, theirs.pk}


def test_the_status_tabs_filter_and_count(coordinator_client, knot, coordinator):
    lines = [paid_purchase((knot, 1)).lines.get() for _ in range(3)]
    line_ship(line=lines[0], carrier="顺丰速运", tracking_number="SF000333", actor=coordinator.user)

    shipped = coordinator_client.get(en("co_lines"), {"status": "shipped"})
    to_handle = coordinator_client.get(en("co_lines"), {"status": "nonsense"})

    assert _listed(shipped) == [lines[0].pk]
    assert len(_listed(to_handle)) == 2
    tabs = {tab["label"]: tab["count"] for tab in shipped.context["filters"]}
    assert tabs == {"To handle": 2, "Shipped": 1, "Delivered": 0, "Cancelled": 0, "All": 3}
    assert 'aria-current="page">Shipped (1)' in shipped.content.decode()


def test_the_list_costs_the_same_queries_for_3_lines_or_30(
    coordinator_client, knot, django_assert_max_num_queries
):
    for count in (3, 30):
        while PurchaseLine.objects.count() < count:
            paid_purchase((ProductFactory(cooperative=knot.cooperative, stock=5), 1))
        # The page's 6 queries plus the header's one role lookup: constant either way.
        with django_assert_max_num_queries(7):
            response = coordinator_client.get(en("co_lines"))
        assert len(_listed(response)) == count


# One line -------------------------------------------------------------------------------


def test_the_line_page_has_what_she_needs_to_deliver_it(coordinator_client, line):
    html = coordinator_client.get(en("co_line", line.pk)).content.decode()

    assert CONTACT.recipient in html
    assert CONTACT.phone in html
    assert CONTACT.address in html
    assert "Mark as packed" in html and "Mark as shipped" in html
    assert 'name="tracking_number"' in html and 'for="id_tracking_number"' in html


def test_once_delivered_the_phone_number_is_masked(coordinator_client, line, coordinator):
    PurchaseLine.objects.filter(pk=line.pk).update(status=LineStatus.DELIVERED)

    html = coordinator_client.get(en("co_line", line.pk)).content.decode()

    assert CONTACT.phone not in html
    assert "138****5678" in html
    assert "Nothing more to do for this line." in html


def test_the_line_page_shows_only_her_lines_of_a_shared_purchase(coordinator_client, knot, line):
    foreign = ProductFactory(name="花饽饽", price=Decimal("66.00"), stock=5)
    purchase = paid_purchase((knot, 1), (foreign, 1))
    mine = purchase.lines.get(product=knot)

    response = coordinator_client.get(en("co_line", mine.pk))

    assert [other.pk for other in response.context["lines"]] == [mine.pk]
    assert "花饽饽" not in response.content.decode()


# Actions ----------------------------------------------------------------------------------


def test_pack_ship_deliver_through_the_page(
    coordinator_client, line, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        packed = coordinator_client.post(en("co_line_action", line.pk, "pack"), follow=True)
        shipped = coordinator_client.post(
            en("co_line_action", line.pk, "ship"),
            {"carrier": "顺丰速运", "tracking_number": " sf 1234 5678 90 "},
            follow=True,
        )
        delivered = coordinator_client.post(en("co_line_action", line.pk, "deliver"), follow=True)

    assert said(packed) == ["Marked as packed."]
    assert said(shipped) == ["Marked as shipped. The buyer has the tracking number."]
    assert said(delivered) == ["Marked as delivered."]
    line.refresh_from_db()
    assert (line.status, line.carrier, line.tracking_number) == (
        LineStatus.DELIVERED,
        "顺丰速运",
        "SF1234567890",
    )
    assert [mail.to for mail in mailoutbox] == [[CONTACT.email]] * 3
    assert "SF1234567890" in mailoutbox[1].body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"carrier": "顺丰速运", "tracking_number": ""}, "Enter the tracking number."),
        ({"carrier": "", "tracking_number": "SF1234567890"}, "Choose the carrier."),
        (
            {"carrier": "某某快递", "tracking_number": "SF1234567890"},
            "Choose one of the carriers in the list.",
        ),
        ({"carrier": "顺丰速运", "tracking_number": "<script>"}, "A tracking number is 6 to 40"),
        ({"carrier": "顺丰速运", "tracking_number": "9" * 41}, "at most 40 characters"),
    ],
)
def test_shipping_with_bad_details_says_why_and_changes_nothing(
    coordinator_client, line, data, message, django_capture_on_commit_callbacks, mailoutbox
):
    before = snapshot(line)

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(en("co_line_action", line.pk, "ship"), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(line) == before
    assert mailoutbox == []


def test_a_stale_action_on_a_shipped_line_says_why_and_changes_nothing(
    coordinator_client, line, coordinator
):
    line_ship(line=line, carrier="顺丰速运", tracking_number="SF000444", actor=coordinator.user)
    before = snapshot(line)

    for action, data, target in [
        ("pack", {}, "Packed"),
        ("cancel", {"reason": "晚了"}, "Cancelled"),
    ]:
        response = coordinator_client.post(en("co_line_action", line.pk, action), data, follow=True)
        assert said(response) == [f"This cannot change from “Shipped” to “{target}”."]

    assert snapshot(line) == before


def test_cancelling_through_the_page_frees_the_pieces_and_refunds(
    coordinator_client, line, knot, stripe_refunds
):
    response = coordinator_client.post(
        en("co_line_action", line.pk, "cancel"), {"reason": "断货了"}, follow=True
    )

    assert said(response) == [
        "The line is cancelled and its pieces are free again.",
        "¥114.00 was refunded to the buyer's card.",
    ]
    line.refresh_from_db()
    assert line.status == LineStatus.CANCELLED
    assert Product.objects.get(pk=knot.pk).stock == 20
    assert [call["amount"] for call in stripe_refunds.calls] == [Decimal("114.00")]


def test_a_cancel_without_a_reason_says_why_and_changes_nothing(
    coordinator_client, line, stripe_refunds
):
    before = snapshot(line)

    response = coordinator_client.post(en("co_line_action", line.pk, "cancel"), {"reason": "  "})

    assert response.status_code == 400
    assert "Give a reason." in response.content.decode()
    assert snapshot(line) == before


def refund_form(line: PurchaseLine, amount: str, **extra) -> dict:
    return {"amount": amount, "reason": "少发了一个", "seen": str(line.refunded_amount)} | extra


def test_a_partial_refund_through_the_page(coordinator_client, line, stripe_refunds):
    response = coordinator_client.post(
        en("co_line_action", line.pk, "refund"), refund_form(line, "14.50"), follow=True
    )

    assert said(response) == ["¥14.50 was refunded to the buyer's card."]
    refund = Refund.objects.get()
    assert (refund.amount, refund.line_id, refund.status) == (
        Decimal("14.50"),
        line.pk,
        RefundStatus.SUCCEEDED,
    )
    assert "Refund up to ¥99.50" in response.content.decode()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "Enter an amount greater than ¥0.00."),
        ("-5", "Enter an amount greater than ¥0.00."),
        ("abc", "Enter an amount in yuan, e.g. 12.50."),
        ("", "Enter the amount to refund."),
        ("NaN", "Enter an amount in yuan, e.g. 12.50."),
        ("1e400", "That amount is far more than was paid."),
        ("99999999999", "That amount is far more than was paid."),
        ("12.345", "at most two decimals"),
        ("114.01", "At most ¥114.00 can be refunded."),
    ],
)
def test_a_bad_refund_amount_says_why_and_changes_nothing(
    coordinator_client, line, stripe_refunds, amount, message
):
    before = snapshot(line)

    response = coordinator_client.post(
        en("co_line_action", line.pk, "refund"), refund_form(line, amount)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(line) == before
    assert stripe_refunds.calls == []


def test_a_refund_form_sent_twice_refunds_once(coordinator_client, line, stripe_refunds):
    form = refund_form(line, "20.00")
    coordinator_client.post(en("co_line_action", line.pk, "refund"), form, follow=True)

    again = coordinator_client.post(en("co_line_action", line.pk, "refund"), form, follow=True)

    assert said(again) == [
        "A refund was made while this page was open. Check the amounts and try again."
    ]
    assert Refund.objects.count() == 1
    assert len(stripe_refunds.calls) == 1


def test_a_refund_stripe_cannot_make_is_reported_and_changes_no_money(
    coordinator_client, line, stripe_refunds
):
    stripe_refunds.outage = True

    response = coordinator_client.post(
        en("co_line_action", line.pk, "refund"), refund_form(line, "20.00"), follow=True
    )

    assert said(response) == [
        "Stripe did not make the refund of ¥20.00; nothing was refunded. Please try again later."
    ]
    line.refresh_from_db()
    assert line.refunded_amount == Decimal("0.00")
    assert Refund.objects.get().status == RefundStatus.FAILED
    assert "Refund up to ¥114.00" in response.content.decode()


# Production demand ------------------------------------------------------------------------


def test_production_demand_lists_made_to_order_lines_not_yet_shipped(
    coordinator_client, knot, coordinator, theirs
):
    made = ProductFactory(
        cooperative=knot.cooperative,
        name="定制中国结",
        name_en="Custom knot",
        fulfilment=Fulfilment.MADE_TO_ORDER,
        stock=0,
        lead_time_days=12,
        price=Decimal("88.00"),
        max_per_order=100,
    )
    waiting = [paid_purchase((made, 40)).lines.get(), paid_purchase((made, 60)).lines.get()]
    gone = paid_purchase((made, 5)).lines.get()
    line_ship(line=gone, carrier="顺丰速运", tracking_number="SF000555", actor=coordinator.user)
    paid_purchase((knot, 1))  # in stock: nothing to make
    paid_at = Purchase.objects.get(pk=waiting[0].purchase_id).paid_at

    response = coordinator_client.get(en("co_demand"))

    assert [line.pk for line in response.context["lines"]] == [w.pk for w in waiting]
    due = response.context["lines"][0].due_at
    assert due == paid_at + datetime.timedelta(days=12)
    [total] = response.context["totals"]
    assert (total["product"], total["pieces"], total["purchases"]) == (made, 100, 2)
    html = response.content.decode()
    assert "Custom knot" in html and "100 pieces" in html
    assert timezone.localtime(due).strftime("%Y-%m-%d") in html
    assert theirs.name not in html


def test_overdue_demand_is_marked(coordinator_client, knot):
    made = ProductFactory(
        cooperative=knot.cooperative, fulfilment=Fulfilment.MADE_TO_ORDER, stock=0, lead_time_days=3
    )
    line = paid_purchase((made, 2)).lines.get()
    Purchase.objects.filter(pk=line.purchase_id).update(
        paid_at=timezone.now() - datetime.timedelta(days=5)
    )

    assert "overdue" in coordinator_client.get(en("co_demand")).content.decode()


def test_production_demand_costs_the_same_queries_for_few_lines_or_many(
    coordinator_client, knot, django_assert_max_num_queries
):
    for count in (2, 20):
        while PurchaseLine.objects.count() < count:
            made = ProductFactory(
                cooperative=knot.cooperative, fulfilment=Fulfilment.MADE_TO_ORDER, stock=0
            )
            paid_purchase((made, 3))
        # The page's 6 queries plus the header's one role lookup: constant either way.
        with django_assert_max_num_queries(7):
            response = coordinator_client.get(en("co_demand"))
        assert len(response.context["lines"]) == count
