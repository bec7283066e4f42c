"""The mother's side at /work/: open work, one order and her claim on it (what became of
her claims: test_mine_views.py).

Who may see what (anonymous → sign in, a coordinator → 403, another cooperative's order or
one whose skill she lacks → 404 and nothing changed), bad input that gets a clear message
and changes nothing, the money line, and pages whose query count does not grow with the
number of orders or claims. Pages are read in English (/en/) so the assertions hold whatever
the Chinese catalogue says.
"""

from decimal import Decimal

from django.utils import timezone

import pytest

from marketplace.models import Role
from orders.models import (
    Claim,
    ClaimStatus,
    OrderMode,
    OrderStatus,
    ProductionOrder,
)
from orders.production.services.claims import claim_set
from tests.factories import MembershipFactory, make_image
from tests.orders.factories import (
    MemberSkillFactory,
    ProductionOrderFactory,
    SkillFactory,
    knot_order,
    mother_for,
)
from tests.orders.production.helpers import claim_page, days, fresh, her_claim, page_queries
from tests.pages import en, said
from tests.threads import deadlock

TODAY = timezone.localdate


# The world: a cooperative's knot order and a trained mother -----------------------------


@pytest.fixture
def order(cooperative) -> ProductionOrder:
    return knot_order(
        cooperative,
        materials="2.4 m red cord per piece",
        instructions="Tie the Pan Chang knot; leave 10 cm tails.",
    )


def post_claim(client, order, quantity, *, seen=None, **kwargs):
    data = {"quantity": quantity}
    if seen is not None:
        data["seen"] = seen
    return client.post(claim_page(order), data, **kwargs)


# Open work -----------------------------------------------------------------------------


def _listed(response) -> set[int]:
    return {order.pk for order in response.context["orders"]}


def test_open_work_lists_only_the_orders_she_may_claim(mother_client, order, mother):
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

    listed = _listed(mother_client.get(en("work_open")))

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


def test_open_work_shows_rate_due_date_pieces_left_and_her_claim(mother_client, order, mother):
    claim_set(order=order, mother=mother, quantity=40)

    page = mother_client.get(en("work_open")).content.decode()

    assert "Red 8-inch knot" in page
    assert "¥3.50 per piece" in page
    assert days(21).isoformat() in page
    assert "60 of 100" in page
    assert "40 pieces" in page
    assert claim_page(order) in page


def test_a_fully_claimed_order_says_so(mother_client, order, mother):
    claim_set(order=order, mother=mother_for(order), quantity=60)
    claim_set(order=order, mother=mother_for(order), quantity=40)

    page = mother_client.get(en("work_open")).content.decode()

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


@pytest.mark.parametrize("page", ["work_open", "work_mine"])
def test_query_count_does_not_grow_with_orders_or_claims(
    mother_client, order, mother, page, django_assert_max_num_queries
):
    _orders_with_photos_and_claims(order.cooperative, mother, 3)
    few = page_queries(mother_client, en(page))

    _orders_with_photos_and_claims(order.cooperative, mother, 27)
    mother_client.get(en(page))
    with django_assert_max_num_queries(few):
        response = mother_client.get(en(page))

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
        MemberSkillFactory(membership=member, skill=order.required_skill)
    else:
        member = mother_for(order, skilled=False)
    client.force_login(member.user)

    assert client.get(claim_page(order)).status_code == 404
    assert post_claim(client, order, 10).status_code == 404
    assert fresh(order).claimed == 0 and not Claim.objects.exists()


def test_drafts_are_not_found(mother_client, order):
    ProductionOrder.objects.filter(pk=order.pk).update(status=OrderStatus.DRAFT)

    assert mother_client.get(claim_page(order)).status_code == 404
    assert post_claim(mother_client, order, 10).status_code == 404
    assert fresh(order).claimed == 0


def test_a_guessed_or_absurd_id_is_not_found(mother_client, order):
    assert mother_client.get(en("work_order", order.pk + 1000)).status_code == 404
    assert mother_client.get(f"/en/work/orders/{10**30}/").status_code == 404


def test_my_work_shows_only_her_own_claims(mother_client, order, mother):
    claim_set(order=order, mother=mother, quantity=10)
    neighbour = mother_for(order)
    claim_set(order=order, mother=neighbour, quantity=20)

    claims = list(mother_client.get(en("work_mine")).context["page_obj"])

    assert [c.mother_id for c in claims] == [mother.pk]


# The claim page ------------------------------------------------------------------------


def test_the_claim_page_shows_the_order_and_the_money_before_confirming(mother_client, order):
    page = mother_client.get(claim_page(order)).content.decode()

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


def test_the_money_line_shows_her_current_claim(mother_client, order, mother):
    claim_set(order=order, mother=mother, quantity=40)

    page = mother_client.get(claim_page(order)).content.decode()

    assert "40 × ¥3.50 = ¥140.00 when accepted" in page
    assert "You hold 40 pieces." in page
    assert "Release my 40 pieces" in page


def test_the_money_line_has_thousands_and_two_decimals(mother_client, order):
    ProductionOrder.objects.filter(pk=order.pk).update(
        piece_rate=Decimal("12.5"), quantity=1000, max_per_mother=500
    )

    page = post_claim(mother_client, order, "5000").content.decode()  # above her cap: shown again
    assert "5000 × ¥12.50 = ¥62,500.00 when accepted" in page


def test_quick_choices_stop_at_what_she_may_take(mother_client, order):
    claim_set(order=order, mother=mother_for(order), quantity=60)
    claim_set(order=order, mother=mother_for(order), quantity=15)  # 25 left

    page = mother_client.get(claim_page(order)).content.decode()

    assert 'data-set="10"' in page and 'data-set="20"' in page
    assert 'data-set="40"' not in page
    assert "All I may take: 25" in page


def test_an_order_with_fewer_pieces_left_than_the_smallest_claim_says_so(mother_client, order):
    ProductionOrder.objects.filter(pk=order.pk).update(min_claim=10)
    claim_set(order=order, mother=mother_for(order), quantity=60)
    claim_set(order=order, mother=mother_for(order), quantity=33)  # 7 left

    page = mother_client.get(claim_page(order)).content.decode()

    assert "Only 7 pieces are left, fewer than the smallest claim of 10." in page
    assert "Confirm my claim" not in page


def test_claiming_sets_her_claim_and_says_so(mother_client, order, mother):
    response = post_claim(mother_client, order, "40", seen=0, follow=True)

    assert response.redirect_chain[-1][0] == en("work_mine")
    assert said(response) == [
        f"You hold 40 pieces of Red 8-inch knot. Hand them over by {days(21).isoformat()}."
    ]
    assert her_claim(order, mother).quantity == 40
    assert fresh(order).claimed == 40


def test_a_double_submitted_form_claims_once(mother_client, order, mother):
    """Setting an absolute number is idempotent: the second tap finds it already so."""
    first = post_claim(mother_client, order, "40", seen=0)
    second = post_claim(mother_client, order, "40", seen=0)

    assert first.status_code == second.status_code == 302
    assert her_claim(order, mother).quantity == 40
    assert fresh(order).claimed == 40
    assert Claim.objects.count() == 1


def test_she_raises_and_lowers_her_claim(mother_client, order, mother):
    post_claim(mother_client, order, "20", seen=0)
    post_claim(mother_client, order, "50", seen=20)
    assert fresh(order).claimed == 50
    post_claim(mother_client, order, "5", seen=50)
    assert her_claim(order, mother).quantity == 5 and fresh(order).claimed == 5


def test_zero_releases_her_claim(mother_client, order, mother):
    claim_set(order=order, mother=mother, quantity=30)

    response = post_claim(mother_client, order, "0", seen=30, follow=True)

    assert said(response) == [
        "You hold no pieces of Red 8-inch knot now; they are free for other mothers."
    ]
    claim = her_claim(order, mother)
    assert claim.quantity == 0 and claim.status == ClaimStatus.RELEASED
    assert fresh(order).claimed == 0


def test_zero_without_a_claim_changes_nothing(mother_client, order):
    assert post_claim(mother_client, order, "0", seen=0).status_code == 302
    assert not Claim.objects.exists() and fresh(order).claimed == 0


def test_full_width_digits_from_a_chinese_keyboard_count(mother_client, order, mother):
    post_claim(mother_client, order, "４０", seen=0)
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
def test_bad_numbers_get_a_clear_message_and_change_nothing(mother_client, order, mother, typed):
    claim_set(order=order, mother=mother, quantity=10)

    response = post_claim(mother_client, order, typed, seen=10)

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


def test_above_her_cap_is_refused(mother_client, order, mother):
    _refused(
        post_claim(mother_client, order, "61"), "Claim between 1 and 60 pieces, or 0 to release."
    )
    assert her_claim(order, mother) is None and fresh(order).claimed == 0


def test_below_the_minimum_claim_is_refused(mother_client, order, mother):
    ProductionOrder.objects.filter(pk=order.pk).update(min_claim=10)

    _refused(
        post_claim(mother_client, order, "5"), "Claim between 10 and 60 pieces, or 0 to release."
    )
    assert fresh(order).claimed == 0


def test_above_what_is_left_is_refused_with_what_is_left(mother_client, order, mother):
    claim_set(order=order, mother=mother_for(order), quantity=60)
    claim_set(order=order, mother=mother_for(order), quantity=35)

    response = post_claim(mother_client, order, "10", seen=0)

    _refused(response, "Only 5 pieces are left to claim.")
    assert "10 × ¥3.50 = ¥35.00 when accepted" in response.content.decode()  # her number kept
    assert her_claim(order, mother) is None and fresh(order).claimed == 95


def test_a_past_due_order_takes_no_change(mother_client, order, mother):
    claim_set(order=order, mother=mother, quantity=10)
    ProductionOrder.objects.filter(pk=order.pk).update(due_date=days(-1))

    for typed in ("20", "0"):
        _refused(
            post_claim(mother_client, order, typed, seen=10), "This order is past its due date."
        )
    assert her_claim(order, mother).quantity == 10 and fresh(order).claimed == 10


def test_a_cancelled_order_takes_no_change(mother_client, order, mother):
    claim_set(order=order, mother=mother, quantity=10)
    ProductionOrder.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)

    page = mother_client.get(claim_page(order)).content.decode()
    assert "This order is not open for claims." in page and "Confirm my claim" not in page

    _refused(post_claim(mother_client, order, "20", seen=10), "This order is not open for claims.")
    assert her_claim(order, mother).quantity == 10 and fresh(order).claimed == 10


def test_a_stale_form_is_shown_again_with_her_claim_as_it_is_now(mother_client, order, mother):
    """She set 40 in one window; the other window, opened before, still says 0."""
    claim_set(order=order, mother=mother, quantity=40)

    response = post_claim(mother_client, order, "20", seen=0)

    _refused(response, "Your claim changed to 40 pieces since this page was opened.")
    assert 'name="seen" value="40"' in response.content.decode()
    assert her_claim(order, mother).quantity == 40 and fresh(order).claimed == 40


@pytest.mark.django_db(transaction=True)
def test_a_claim_the_database_refuses_twice_says_try_again_and_changes_nothing(
    mother_client, order, mother, monkeypatch
):
    # Simulated: the order's lock raises what Django raises when PostgreSQL picks this
    # request as a deadlock's victim (tests/orders/test_lock_order.py shows none arise).
    runs = []

    def deadlocked(pk):
        runs.append(pk)
        raise deadlock()

    monkeypatch.setattr("orders.production.services.claims.production_order_lock", deadlocked)

    response = post_claim(mother_client, order, "40", seen=0)

    assert response.status_code == 409
    assert len(runs) == 2  # run once more, then answered
    assert response.context["form"].errors["quantity"] == [
        "Many people are changing this at the same moment. Nothing was changed; try again."
    ]
    assert her_claim(order, mother) is None and fresh(order).claimed == 0
