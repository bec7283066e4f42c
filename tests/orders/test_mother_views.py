"""The mother's side at /work/: open work, one order and her claim on it, and her claims.

Who may see what (anonymous → sign in, a coordinator → 403, another cooperative's order or
one whose skill she lacks → 404 and nothing changed), bad input that gets a clear message
and changes nothing, the money line, and pages whose query count does not grow with the
number of orders or claims. Pages are read in English (/en/) so the assertions hold whatever
the Chinese catalogue says.
"""

import datetime
import re
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from marketplace.models import Role
from orders.models import (
    Claim,
    ClaimStatus,
    MemberSkill,
    OrderMode,
    OrderStatus,
    ProductionOrder,
)
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from tests.factories import MembershipFactory, ProductFactory, make_image
from tests.marketplace.test_locks import deadlock
from tests.orders.factories import (
    ProductionOrderFactory,
    RejectionReasonFactory,
    SkillFactory,
    mother_for,
)

TODAY = timezone.localdate


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def said(response) -> list[str]:
    """The flash messages on the page a redirect led to."""
    return [str(message) for message in response.context["messages"]]


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def fresh(order: ProductionOrder) -> ProductionOrder:
    return ProductionOrder.objects.get(pk=order.pk)


def her_claim(order, mother) -> Claim | None:
    return Claim.objects.filter(order=order, mother=mother).first()


def claim_page(order) -> str:
    return en("work_order", order.pk)


# The world: a cooperative's knot order and a trained mother -----------------------------


@pytest.fixture
def order(db) -> ProductionOrder:
    product = ProductFactory(name="红色八寸中国结", name_en="Red 8-inch knot")
    return ProductionOrderFactory(
        cooperative=product.cooperative,
        product=product,
        quantity=100,
        piece_rate=Decimal("3.50"),
        due_date=days(21),
        min_claim=1,
        max_per_mother=60,
        materials="2.4 m red cord per piece",
        instructions="Tie the Pan Chang knot; leave 10 cm tails.",
    )


@pytest.fixture
def mother(order):
    return mother_for(order)


@pytest.fixture
def signed_in(client, mother):
    client.force_login(mother.user)
    return client


def post_claim(client, order, quantity, *, seen=None, **kwargs):
    data = {"quantity": quantity}
    if seen is not None:
        data["seen"] = seen
    return client.post(claim_page(order), data, **kwargs)


# Open work -----------------------------------------------------------------------------


def _listed(response) -> set[int]:
    return {order.pk for order in response.context["orders"]}


def test_open_work_lists_only_the_orders_she_may_claim(signed_in, order, mother):
    coop = order.cooperative
    other_skill = SkillFactory(slug="buns", name="花饽饽", name_en="Decorative buns")
    no_skill_needed = ProductionOrderFactory(cooperative=coop, required_skill=None)
    due_today = ProductionOrderFactory(cooperative=coop, due_date=TODAY())
    full = ProductionOrderFactory(cooperative=coop, status=OrderStatus.FULLY_CLAIMED)
    window = ProductionOrderFactory(cooperative=coop, mode=OrderMode.REQUEST_WINDOW)
    hidden = [
        ProductionOrderFactory(),  # another cooperative
        ProductionOrderFactory(cooperative=coop, required_skill=other_skill),
        ProductionOrderFactory(cooperative=coop, status=OrderStatus.DRAFT),
        ProductionOrderFactory(cooperative=coop, status=OrderStatus.CANCELLED),
        ProductionOrderFactory(cooperative=coop, status=OrderStatus.IN_PRODUCTION),
        ProductionOrderFactory(cooperative=coop, due_date=days(-1)),
        ProductionOrderFactory(
            cooperative=coop, mode=OrderMode.REQUEST_WINDOW, required_skill=other_skill
        ),
    ]

    listed = _listed(signed_in.get(en("work_open")))

    assert listed == {order.pk, no_skill_needed.pk, due_today.pk, full.pk, window.pk}
    assert not listed & {o.pk for o in hidden}


def test_a_skill_counts_only_in_the_cooperative_that_granted_it(client, order):
    """She is trained for knots at another cooperative, not at this one: no knot work here."""
    elsewhere = ProductionOrderFactory(required_skill=order.required_skill)
    mother = mother_for(elsewhere)  # holds the knot skill there
    MembershipFactory(user=mother.user, cooperative=order.cooperative, role=Role.MOTHER)
    client.force_login(mother.user)

    assert _listed(client.get(en("work_open"))) == {elsewhere.pk}
    assert client.get(claim_page(order)).status_code == 404


def test_open_work_shows_rate_due_date_pieces_left_and_her_claim(signed_in, order, mother):
    claim_set(order=order, mother=mother, quantity=40)

    page = signed_in.get(en("work_open")).content.decode()

    assert "Red 8-inch knot" in page
    assert "¥3.50 per piece" in page
    assert days(21).isoformat() in page
    assert "60 of 100" in page
    assert "40 pieces" in page
    assert claim_page(order) in page


def test_a_fully_claimed_order_says_so(signed_in, order, mother):
    claim_set(order=order, mother=mother_for(order), quantity=60)
    claim_set(order=order, mother=mother_for(order), quantity=40)

    page = signed_in.get(en("work_open")).content.decode()

    assert "all claimed" in page


def test_no_open_work_says_what_to_expect(client, order):
    lone = mother_for(order, skilled=False)
    client.force_login(lone.user)

    page = client.get(en("work_open")).content.decode()

    assert "No open work for you right now" in page


def _orders_with_photos_and_claims(coop, mother, count: int) -> None:
    for n in range(count):
        order = ProductionOrderFactory(
            cooperative=coop, required_skill=None, photo=make_image(f"order-{n}")
        )
        claim_set(order=order, mother=mother, quantity=5)
        claim_set(order=order, mother=mother_for(order), quantity=5)


def _queries(client, url: str) -> int:
    client.get(url)  # the first view makes the photos' renditions; count the next one
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["work_open", "work_mine"])
def test_query_count_does_not_grow_with_orders_or_claims(
    signed_in, order, mother, page, django_assert_max_num_queries
):
    _orders_with_photos_and_claims(order.cooperative, mother, 3)
    few = _queries(signed_in, en(page))

    _orders_with_photos_and_claims(order.cooperative, mother, 27)
    signed_in.get(en(page))
    with django_assert_max_num_queries(few):
        response = signed_in.get(en(page))

    shown = response.context["orders"] if page == "work_open" else response.context["page_obj"]
    assert len(shown) >= 30


# Who may see what ----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, order):
    for url in (en("work_open"), claim_page(order), en("work_mine")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(en("login") + "?next="), url
    response = post_claim(client, order, 10)
    assert response.status_code == 302 and fresh(order).claimed == 0


def test_a_coordinator_is_told_the_page_is_for_mothers(client, order):
    coordinator = MembershipFactory(cooperative=order.cooperative, role=Role.COORDINATOR)
    client.force_login(coordinator.user)

    for url in (en("work_open"), claim_page(order)):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "For mothers of a cooperative" in response.content.decode()
    assert post_claim(client, order, 10).status_code == 403
    assert fresh(order).claimed == 0 and not Claim.objects.exists()
    # "My work" lists a user's own claims, whoever she is: a coordinator simply has none.
    assert not client.get(en("work_mine")).context["page_obj"].object_list


def test_an_inactive_mother_is_told_the_same(client, order):
    former = mother_for(order)
    former.is_active = False
    former.save()
    client.force_login(former.user)

    assert client.get(en("work_open")).status_code == 403
    assert post_claim(client, order, 10).status_code == 403


@pytest.mark.parametrize("who", ["other cooperative", "no skill"])
def test_an_order_she_may_not_see_is_not_found_and_nothing_changes(client, order, who):
    if who == "other cooperative":
        member = MembershipFactory(role=Role.MOTHER)
        MemberSkill.objects.create(membership=member, skill=order.required_skill)
    else:
        member = mother_for(order, skilled=False)
    client.force_login(member.user)

    assert client.get(claim_page(order)).status_code == 404
    assert post_claim(client, order, 10).status_code == 404
    assert fresh(order).claimed == 0 and not Claim.objects.exists()


def test_drafts_are_not_found(signed_in, order):
    ProductionOrder.objects.filter(pk=order.pk).update(status=OrderStatus.DRAFT)

    assert signed_in.get(claim_page(order)).status_code == 404
    assert post_claim(signed_in, order, 10).status_code == 404
    assert fresh(order).claimed == 0


def test_a_guessed_or_absurd_id_is_not_found(signed_in, order):
    assert signed_in.get(en("work_order", order.pk + 1000)).status_code == 404
    assert signed_in.get(f"/en/work/orders/{10**30}/").status_code == 404


def test_my_work_shows_only_her_own_claims(signed_in, order, mother):
    claim_set(order=order, mother=mother, quantity=10)
    neighbour = mother_for(order)
    claim_set(order=order, mother=neighbour, quantity=20)

    claims = list(signed_in.get(en("work_mine")).context["page_obj"])

    assert [c.mother_id for c in claims] == [mother.pk]


# The claim page ------------------------------------------------------------------------


def test_the_claim_page_shows_the_order_and_the_money_before_confirming(signed_in, order):
    page = signed_in.get(claim_page(order)).content.decode()

    assert "2.4 m red cord per piece" in page
    assert "Tie the Pan Chang knot" in page
    assert "¥3.50 per accepted piece" in page
    assert 'inputmode="numeric"' in page
    assert 'type="button" class="stepper__button" data-step="-1"' in page
    for choice in (10, 20, 40):
        assert f'data-set="{choice}"' in page
    assert "All I may take: 60" in page  # her cap, fewer than the 100 left
    # the line for the number in the box (the smallest claim), and the date to hand over by
    assert "1 × ¥3.50 = ¥3.50 when accepted" in page
    assert f"by {days(21).isoformat()}" in page
    assert 'data-template="{pieces} × ¥3.50 = {total} when accepted"' in page


def test_the_money_line_shows_her_current_claim(signed_in, order, mother):
    claim_set(order=order, mother=mother, quantity=40)

    page = signed_in.get(claim_page(order)).content.decode()

    assert "40 × ¥3.50 = ¥140.00 when accepted" in page
    assert "You hold 40 pieces." in page
    assert "Release my 40 pieces" in page


def test_the_money_line_has_thousands_and_two_decimals(signed_in, order):
    ProductionOrder.objects.filter(pk=order.pk).update(
        piece_rate=Decimal("12.5"), quantity=1000, max_per_mother=500
    )

    page = post_claim(signed_in, order, "5000").content.decode()  # above her cap: shown again
    assert "5000 × ¥12.50 = ¥62,500.00 when accepted" in page


def test_quick_choices_stop_at_what_she_may_take(signed_in, order):
    claim_set(order=order, mother=mother_for(order), quantity=60)
    claim_set(order=order, mother=mother_for(order), quantity=15)  # 25 left

    page = signed_in.get(claim_page(order)).content.decode()

    assert 'data-set="10"' in page and 'data-set="20"' in page
    assert 'data-set="40"' not in page
    assert "All I may take: 25" in page


def test_an_order_with_fewer_pieces_left_than_the_smallest_claim_says_so(signed_in, order):
    ProductionOrder.objects.filter(pk=order.pk).update(min_claim=10)
    claim_set(order=order, mother=mother_for(order), quantity=60)
    claim_set(order=order, mother=mother_for(order), quantity=33)  # 7 left

    page = signed_in.get(claim_page(order)).content.decode()

    assert "Only 7 pieces are left, fewer than the smallest claim of 10." in page
    assert "Confirm my claim" not in page


def test_claiming_sets_her_claim_and_says_so(signed_in, order, mother):
    response = post_claim(signed_in, order, "40", seen=0, follow=True)

    assert response.redirect_chain[-1][0] == en("work_mine")
    assert said(response) == [
        f"You hold 40 pieces of Red 8-inch knot. Hand them over by {days(21).isoformat()}."
    ]
    assert her_claim(order, mother).quantity == 40
    assert fresh(order).claimed == 40


def test_a_double_submitted_form_claims_once(signed_in, order, mother):
    """Setting an absolute number is idempotent: the second tap finds it already so."""
    first = post_claim(signed_in, order, "40", seen=0)
    second = post_claim(signed_in, order, "40", seen=0)

    assert first.status_code == second.status_code == 302
    assert her_claim(order, mother).quantity == 40
    assert fresh(order).claimed == 40
    assert Claim.objects.count() == 1


def test_she_raises_and_lowers_her_claim(signed_in, order, mother):
    post_claim(signed_in, order, "20", seen=0)
    post_claim(signed_in, order, "50", seen=20)
    assert fresh(order).claimed == 50
    post_claim(signed_in, order, "5", seen=50)
    assert her_claim(order, mother).quantity == 5 and fresh(order).claimed == 5


def test_zero_releases_her_claim(signed_in, order, mother):
    claim_set(order=order, mother=mother, quantity=30)

    response = post_claim(signed_in, order, "0", seen=30, follow=True)

    assert said(response) == [
        "You hold no pieces of Red 8-inch knot now; they are free for other mothers."
    ]
    claim = her_claim(order, mother)
    assert claim.quantity == 0 and claim.status == ClaimStatus.RELEASED
    assert fresh(order).claimed == 0


def test_zero_without_a_claim_changes_nothing(signed_in, order):
    assert post_claim(signed_in, order, "0", seen=0).status_code == 302
    assert not Claim.objects.exists() and fresh(order).claimed == 0


def test_full_width_digits_from_a_chinese_keyboard_count(signed_in, order, mother):
    post_claim(signed_in, order, "４０", seen=0)
    assert her_claim(order, mother).quantity == 40


BAD_NUMBERS = {
    "-5": "The number of pieces cannot be below 0.",
    "1000000000": "That is more pieces than any order holds.",
    "abc": "Enter a whole number of pieces, like 20.",
    "4.5": "Enter a whole number of pieces, like 20.",
    "40件": "Enter a whole number of pieces, like 20.",
    "": "Enter how many pieces you will make, or 0 to release your claim.",
    "   ": "Enter how many pieces you will make, or 0 to release your claim.",
}


@pytest.mark.parametrize("typed", list(BAD_NUMBERS))
def test_bad_numbers_get_a_clear_message_and_change_nothing(signed_in, order, mother, typed):
    claim_set(order=order, mother=mother, quantity=10)

    response = post_claim(signed_in, order, typed, seen=10)

    assert response.status_code == 400
    page = response.content.decode()
    assert BAD_NUMBERS[typed] in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_quantity_helptext id_quantity_error"' in page
    assert "From 1 to 60 pieces, or 0 to release your claim." in page
    assert her_claim(order, mother).quantity == 10 and fresh(order).claimed == 10


def _refused(response, message: str) -> None:
    assert response.status_code == 409
    assert message in response.content.decode()


def test_above_her_cap_is_refused(signed_in, order, mother):
    _refused(post_claim(signed_in, order, "61"), "Claim between 1 and 60 pieces, or 0 to release.")
    assert her_claim(order, mother) is None and fresh(order).claimed == 0


def test_below_the_minimum_claim_is_refused(signed_in, order, mother):
    ProductionOrder.objects.filter(pk=order.pk).update(min_claim=10)

    _refused(post_claim(signed_in, order, "5"), "Claim between 10 and 60 pieces, or 0 to release.")
    assert fresh(order).claimed == 0


def test_above_what_is_left_is_refused_with_what_is_left(signed_in, order, mother):
    claim_set(order=order, mother=mother_for(order), quantity=60)
    claim_set(order=order, mother=mother_for(order), quantity=35)

    response = post_claim(signed_in, order, "10", seen=0)

    _refused(response, "Only 5 pieces are left to claim.")
    assert "10 × ¥3.50 = ¥35.00 when accepted" in response.content.decode()  # her number kept
    assert her_claim(order, mother) is None and fresh(order).claimed == 95


def test_a_past_due_order_takes_no_change(signed_in, order, mother):
    claim_set(order=order, mother=mother, quantity=10)
    ProductionOrder.objects.filter(pk=order.pk).update(due_date=days(-1))

    for typed in ("20", "0"):
        _refused(post_claim(signed_in, order, typed, seen=10), "This order is past its due date.")
    assert her_claim(order, mother).quantity == 10 and fresh(order).claimed == 10


def test_a_cancelled_order_takes_no_change(signed_in, order, mother):
    claim_set(order=order, mother=mother, quantity=10)
    ProductionOrder.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)

    page = signed_in.get(claim_page(order)).content.decode()
    assert "This order is not open for claims." in page and "Confirm my claim" not in page

    _refused(post_claim(signed_in, order, "20", seen=10), "This order is not open for claims.")
    assert her_claim(order, mother).quantity == 10 and fresh(order).claimed == 10


def test_a_stale_form_is_shown_again_with_her_claim_as_it_is_now(signed_in, order, mother):
    """She set 40 in one window; the other window, opened before, still says 0."""
    claim_set(order=order, mother=mother, quantity=40)

    response = post_claim(signed_in, order, "20", seen=0)

    _refused(response, "Your claim changed to 40 pieces since this page was opened.")
    assert 'name="seen" value="40"' in response.content.decode()
    assert her_claim(order, mother).quantity == 40 and fresh(order).claimed == 40


# My work -------------------------------------------------------------------------------


def test_my_work_lists_claims_with_due_dates_status_and_warnings(signed_in, order, mother):
    claim_set(order=order, mother=mother, quantity=40)
    late = ProductionOrderFactory(cooperative=order.cooperative, required_skill=None)
    claim_set(order=late, mother=mother, quantity=8)
    ProductionOrder.objects.filter(pk=late.pk).update(due_date=days(-2))
    dropped = ProductionOrderFactory(cooperative=order.cooperative, required_skill=None)
    claim_set(order=dropped, mother=mother, quantity=5)
    claim_set(order=dropped, mother=mother, quantity=0)

    response = signed_in.get(en("work_mine"))
    page = response.content.decode()

    claims = list(response.context["page_obj"])
    assert [c.order_id for c in claims] == [late.pk, order.pk, dropped.pk]  # active first
    assert page.count("Past due.") == 1
    assert "40 × ¥3.50 = ¥140.00 when accepted" in page
    assert days(21).isoformat() in page and days(-2).isoformat() in page
    assert 'work-card--released" data-claim-status="released"' in page


def test_my_work_without_claims_points_to_open_work(signed_in):
    page = signed_in.get(en("work_mine")).content.decode()

    assert "You have not taken any work yet." in page
    assert en("work_open") in page


# What became of her pieces --------------------------------------------------------------


@pytest.fixture
def coordinator(order):
    return MembershipFactory(cooperative=order.cooperative, role=Role.COORDINATOR).user


@pytest.fixture
def loose_knot(order):
    return RejectionReasonFactory(cooperative=order.cooperative)


def _fact(page: str, label: str) -> str:
    """The figure shown next to ``label`` in a claim's progress."""
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)</dd>", page)
    assert found, label
    return found.group(1)


def _inspected(claim, coordinator, *, count, accepted, rejections=None, **kwargs):
    handover = handover_record(claim=claim, count=count, actor=coordinator)
    return inspection_record(
        handover=handover,
        accepted=accepted,
        rejections=rejections or {},
        actor=coordinator,
        **kwargs,
    )


@pytest.fixture
def inspected(order, mother, coordinator, loose_knot):
    """Claim 40 at ¥3.50, hand over 40, inspection: 38 accepted, 2 loose knots."""
    claim = claim_set(order=order, mother=mother, quantity=40)
    return _inspected(
        claim, coordinator, count=40, accepted=38, rejections={loose_knot.pk: 2}, note="两个松结"
    )


def test_my_work_shows_what_became_of_her_pieces(signed_in, order, inspected, loose_knot):
    response = signed_in.get(en("work_mine"))
    page = response.content.decode()

    [claim] = response.context["page_obj"]
    assert claim.earned == Decimal("133.00")  # 38 × ¥3.50
    assert claim.reasons == [(loose_knot, 2)]
    figures = {
        label: _fact(page, label)
        for label in (
            "Claimed",
            "Handed over",
            "Awaiting inspection",
            "Accepted",
            "Rejected",
            "To make",
            "Earned so far",
        )
    }
    assert figures == {
        "Claimed": "40",
        "Handed over": "40",
        "Awaiting inspection": "0",
        "Accepted": "38",
        "Rejected": "2",
        "To make": "2",  # the two rejected pieces, to rework
        "Earned so far": "¥133.00",
    }
    assert "Loose knot: 2 pieces" in page
    assert en("work_claim", claim.pk) in page


def test_my_work_sums_her_earnings_and_what_awaits_inspection(
    signed_in, order, mother, inspected, coordinator
):
    claim = inspected.handover.claim
    handover_record(claim=claim, count=2, actor=coordinator)  # the reworked pair

    page = signed_in.get(en("work_mine")).content.decode()

    assert _fact(page, "Handed over") == "42"
    assert _fact(page, "Awaiting inspection") == "2"
    assert _fact(page, "To make") == "0"
    assert '<dd id="earned-month">¥133.00</dd>' in page
    assert '<dd id="earned-total">¥133.00</dd>' in page
    assert '<dd id="awaiting">2 pieces · ¥7.00</dd>' in page


def test_a_correction_changes_the_figures_and_the_reasons(signed_in, order, inspected, coordinator):
    inspection_correct(
        inspection=inspected, accepted=40, rejections={}, actor=coordinator, note="Recounted"
    )

    response = signed_in.get(en("work_mine"))
    page = response.content.decode()

    [claim] = response.context["page_obj"]
    assert claim.earned == Decimal("140.00")  # ¥133.00 and the correction's ¥7.00
    assert claim.reasons == []  # only the result that counts
    assert _fact(page, "Accepted") == "40" and _fact(page, "Rejected") == "0"
    assert "Loose knot" not in page
    assert '<dd id="earned-total">¥140.00</dd>' in page


def test_earned_this_month_follows_the_shanghai_calendar(signed_in, order, mother, coordinator):
    """An entry at 23:59:59 on the last day of last month (Shanghai) is last month's, even
    though it is 15:59:59 UTC; one at 00:00 on the first is this month's."""
    shanghai = ZoneInfo("Asia/Shanghai")
    start = timezone.localtime(timezone=shanghai).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    before = ProductionOrderFactory(cooperative=order.cooperative, required_skill=None)
    claims = [
        claim_set(order=before, mother=mother, quantity=10),
        claim_set(order=order, mother=mother, quantity=20),
    ]
    for claim, when in zip(claims, (start - datetime.timedelta(seconds=1), start), strict=True):
        with mock.patch("django.utils.timezone.now", return_value=when):
            _inspected(claim, coordinator, count=claim.quantity, accepted=claim.quantity)

    page = signed_in.get(en("work_mine")).content.decode()

    assert '<dd id="earned-month">¥70.00</dd>' in page  # 20 × ¥3.50
    assert '<dd id="earned-total">¥105.00</dd>' in page  # and 10 × ¥3.50
    assert '<dd id="awaiting">0 pieces · ¥0.00</dd>' in page


def test_my_work_earnings_are_only_hers(signed_in, order, mother, coordinator):
    neighbour = mother_for(order)
    _inspected(
        claim_set(order=order, mother=neighbour, quantity=30), coordinator, count=30, accepted=30
    )
    claim_set(order=order, mother=mother, quantity=10)

    page = signed_in.get(en("work_mine")).content.decode()

    assert '<dd id="earned-total">¥0.00</dd>' in page
    assert _fact(page, "Earned so far") == "¥0.00"


def test_a_claim_without_handovers_shows_what_is_to_make(signed_in, order, mother):
    claim_set(order=order, mother=mother, quantity=40)

    page = signed_in.get(en("work_mine")).content.decode()

    assert _fact(page, "Claimed") == "40" and _fact(page, "Handed over") == "0"
    assert _fact(page, "To make") == "40"


def test_past_due_warns_only_while_pieces_are_still_to_make(signed_in, order, mother, coordinator):
    claim = claim_set(order=order, mother=mother, quantity=10)
    handover_record(claim=claim, count=10, actor=coordinator)
    late = ProductionOrderFactory(cooperative=order.cooperative, required_skill=None)
    claim_set(order=late, mother=mother, quantity=8)
    ProductionOrder.objects.filter(pk__in=[order.pk, late.pk]).update(due_date=days(-1))

    page = signed_in.get(en("work_mine")).content.decode()

    assert page.count("Past due.") == 1  # all ten of the first are handed over


# One claim: each handover and its inspection --------------------------------------------


def test_the_claim_page_lists_each_handover_with_its_result(
    signed_in, order, mother, coordinator, loose_knot
):
    claim = claim_set(order=order, mother=mother, quantity=40)
    first = _inspected(
        claim,
        coordinator,
        count=30,
        accepted=28,
        rejections={loose_knot.pk: 2},
        note="两个松结",
        photo=make_image("inspection"),
    )
    waiting = handover_record(claim=claim, count=4, actor=coordinator)

    response = signed_in.get(en("work_claim", claim.pk))
    page = response.content.decode()

    assert response.status_code == 200
    received = timezone.localtime(first.handover.received_at).strftime("%Y-%m-%d %H:%M")
    assert received in page
    assert "30 pieces handed over" in page and "4 pieces handed over" in page
    assert "28 accepted" in page and "2 rejected" in page
    assert "Loose knot: 2 pieces" in page
    assert "Coordinator's note:</span> 两个松结" in page
    [photo] = re.findall(r'<img [^>]*alt="Photo from the inspection"[^>]*>', page)
    assert re.search(r'src="[^"]*\.max-240x240\.format-webp[^"]*\.webp"', photo), photo
    assert "Earned: ¥98.00" in page  # 28 × ¥3.50
    assert "Awaiting inspection: ¥14.00 if every piece is accepted" in page  # 4 × ¥3.50
    assert [shown.handover.pk for shown in response.context["handovers"]] == [
        first.handover_id,
        waiting.pk,
    ]
    assert _fact(page, "Earned so far") == "¥98.00"


def test_the_claim_page_shows_a_correction(signed_in, order, inspected, coordinator):
    correction = inspection_correct(
        inspection=inspected,
        accepted=40,
        rejections={},
        actor=coordinator,
        note="Recounted: the knots hold",
    )

    page = signed_in.get(en("work_claim", inspected.handover.claim_id)).content.decode()

    corrected_on = timezone.localtime(correction.inspected_at).strftime("%Y-%m-%d")
    assert f"Corrected on {corrected_on}: was 38 accepted" in page
    assert "40 accepted" in page and "rejected</span>" not in page
    assert "Recounted: the knots hold" in page
    assert "Loose knot" not in page
    assert "Earned: ¥140.00" in page  # ¥133.00 and the correction's ¥7.00


def test_the_claim_page_without_handovers_says_when_to_bring_them(signed_in, order, mother):
    claim = claim_set(order=order, mother=mother, quantity=10)

    page = signed_in.get(en("work_claim", claim.pk)).content.decode()

    assert f"No handovers yet. Bring your finished pieces to the station by {days(21)}." in page
    assert "Change my claim" in page and claim_page(order) in page


def test_another_mothers_claim_is_not_found_and_nothing_leaks(
    signed_in, order, coordinator, loose_knot
):
    neighbour = mother_for(order)
    theirs = claim_set(order=order, mother=neighbour, quantity=30)
    _inspected(
        theirs, coordinator, count=30, accepted=29, rejections={loose_knot.pk: 1}, note="秘密备注"
    )

    response = signed_in.get(en("work_claim", theirs.pk))

    assert response.status_code == 404
    page = response.content.decode()
    assert "秘密备注" not in page and "Red 8-inch knot" not in page and "¥101.50" not in page
    assert signed_in.get(f"/en/work/claims/{10**30}/").status_code == 404


def test_a_claim_page_needs_sign_in(client, order, mother):
    claim = claim_set(order=order, mother=mother, quantity=10)

    response = client.get(en("work_claim", claim.pk))

    assert response.status_code == 302 and response.url.startswith(en("login"))


# Query counts: the same however many claims, handovers and inspections ----------------


def _claims_with_results(coop, mother, coordinator, reason, count: int) -> list:
    """``count`` claims, each with an inspected handover (a rejection, a photo), every other
    one corrected, and a handover awaiting inspection."""
    claims = []
    for n in range(count):
        order = ProductionOrderFactory(cooperative=coop, required_skill=None)
        claim = claim_set(order=order, mother=mother, quantity=10)
        inspection = _inspected(
            claim,
            coordinator,
            count=6,
            accepted=5,
            rejections={reason.pk: 1},
            photo=make_image(f"inspection-{n}"),
        )
        if n % 2:
            inspection_correct(
                inspection=inspection, accepted=6, rejections={}, actor=coordinator, note="ok"
            )
        handover_record(claim=claim, count=2, actor=coordinator)
        claims.append(claim)
    return claims


def test_my_work_takes_the_same_queries_for_2_or_20_claims(
    signed_in, order, mother, coordinator, loose_knot, django_assert_max_num_queries
):
    _claims_with_results(order.cooperative, mother, coordinator, loose_knot, 2)
    few = _queries(signed_in, en("work_mine"))

    _claims_with_results(order.cooperative, mother, coordinator, loose_knot, 18)
    with django_assert_max_num_queries(few):
        response = signed_in.get(en("work_mine"))

    assert len(response.context["page_obj"]) == 20
    assert '<dd id="awaiting">40 pieces · ¥140.00</dd>' in response.content.decode()


def _handovers_with_results(claim, coordinator, reason, count: int) -> None:
    for n in range(count):
        inspection = _inspected(
            claim,
            coordinator,
            count=2,
            accepted=1,
            rejections={reason.pk: 1},
            photo=make_image(f"handover-{n}"),
        )
        if n % 2:
            inspection_correct(
                inspection=inspection, accepted=2, rejections={}, actor=coordinator, note="ok"
            )


def test_the_claim_page_takes_the_same_queries_for_2_or_20_handovers(
    signed_in, order, mother, coordinator, loose_knot, django_assert_max_num_queries
):
    claim = claim_set(order=order, mother=mother, quantity=60)
    _handovers_with_results(claim, coordinator, loose_knot, 2)
    url = en("work_claim", claim.pk)
    few = _queries(signed_in, url)

    _handovers_with_results(claim, coordinator, loose_knot, 18)
    signed_in.get(url)  # the new photos' renditions are made once
    with django_assert_max_num_queries(few):
        response = signed_in.get(url)

    assert len(response.context["handovers"]) == 20
    assert response.content.decode().count("Corrected on") == 10


@pytest.mark.django_db(transaction=True)
def test_a_claim_the_database_refuses_twice_says_try_again_and_changes_nothing(
    signed_in, order, mother, monkeypatch
):
    # Simulated: the order's lock raises what Django raises when PostgreSQL picks this
    # request as a deadlock's victim (tests/orders/test_lock_order.py shows none arise).
    runs = []

    def deadlocked(pk):
        runs.append(pk)
        raise deadlock()

    monkeypatch.setattr("orders.production.services.claims.production_order_lock", deadlocked)

    response = post_claim(signed_in, order, "40", seen=0)

    assert response.status_code == 409
    assert len(runs) == 2  # run once more, then answered
    assert response.context["form"].errors["quantity"] == [
        "Many people are changing this at the same moment. Nothing was changed; try again."
    ]
    assert her_claim(order, mother) is None and fresh(order).claimed == 0
