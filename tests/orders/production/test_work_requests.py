"""Request-window orders on the mother's side: she asks for pieces while the window is open,
sees how the sharing works and what a share would earn, changes or withdraws her request, is
told clearly (and nothing changes) when she may not; after the sharing out she sees what she
asked for and what she was given, and the order takes claims like a first-come one.

Pages are read in English (/en/) so the assertions hold whatever the Chinese catalogue says.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest

from orders.models import Claim, ClaimStatus, MemberSkill, OrderMode, OrderStatus
from orders.production.services.requests import request_set, window_close
from tests.orders.factories import knot_order, mother_for
from tests.orders.production.helpers import fresh, her_claim
from tests.pages import en, said

SHANGHAI = ZoneInfo("Asia/Shanghai")
SHARING = (
    "When requests close, the pieces are shared fairly: nobody gets more than she asked; "
    "if there are not enough, everyone gets an equal share, and the odd pieces go to the "
    "earliest requests."
)


def _closing_time() -> datetime.datetime:
    """Two days ahead at 20:30 UTC: already the next day in Shanghai (04:30)."""
    return (timezone.now() + datetime.timedelta(days=2)).replace(
        hour=20, minute=30, second=0, microsecond=0, tzinfo=datetime.UTC
    )


@pytest.fixture
def order(cooperative):
    return knot_order(cooperative, mode=OrderMode.REQUEST_WINDOW, window_closes_at=_closing_time())


def page_of(order) -> str:
    return en("work_order", order.pk)


def post_request(client, order, quantity, *, seen=None, **kwargs):
    data = {"quantity": quantity, "intent": "request"}
    if seen is not None:
        data["seen"] = seen
    return client.post(page_of(order), data, **kwargs)


def post_claim(client, order, quantity, *, seen=None):
    """The claim form, as the page shows it once the requests were shared out."""
    data = {"quantity": quantity}
    if seen is not None:
        data["seen"] = seen
    return client.post(page_of(order), data)


def _refused(response, message: str) -> str:
    assert response.status_code == 409
    page = response.content.decode()
    assert message in page
    return page


def _closes_in_shanghai(order) -> str:
    return order.window_closes_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


# Open work -----------------------------------------------------------------------------


def test_open_work_lists_the_window_with_when_requests_close_in_shanghai(mother_client, order):
    response = mother_client.get(en("work_open"))
    page = response.content.decode()

    assert order.pk in {o.pk for o in response.context["orders"]}
    assert f"Requests until {_closes_in_shanghai(order)}" in page
    assert order.window_closes_at.strftime("%Y-%m-%d %H:%M") not in page  # not UTC
    assert page_of(order) in page


def test_open_work_shows_her_request(mother_client, order, mother):
    request_set(order=order, mother=mother, quantity=25)

    page = mother_client.get(en("work_open")).content.decode()

    assert "You asked for" in page and "25 pieces" in page


def test_a_window_past_its_time_but_not_yet_shared_says_so(mother_client, order):
    order.window_closes_at = timezone.now() - datetime.timedelta(minutes=5)
    order.save(update_fields=["window_closes_at"])

    page = mother_client.get(en("work_open")).content.decode()

    assert "Requests closed; the pieces are being shared out" in page


def test_a_window_she_lacks_the_skill_for_is_not_shown(client, order):
    untrained = mother_for(order, skilled=False)
    client.force_login(untrained.user)

    assert not client.get(en("work_open")).context["orders"]
    assert client.get(page_of(order)).status_code == 404
    assert post_request(client, order, 10).status_code == 404
    assert not Claim.objects.exists()


# The request form ----------------------------------------------------------------------


def test_the_order_page_takes_a_request_and_says_how_sharing_works(mother_client, order):
    page = mother_client.get(page_of(order)).content.decode()

    assert "My request" in page and "My claim" not in page
    assert SHARING in page
    assert "Pieces I would like" in page
    assert "From 1 to 60 pieces, or 0 to withdraw your request." in page
    assert "You have not asked for any pieces of this order." in page
    assert "If you are given 1: 1 × ¥3.50 = ¥3.50 when accepted" in page
    template = "If you are given {pieces}: {pieces} × ¥3.50 = {total} when accepted"
    assert f'data-template="{template}"' in page
    assert "The most I may ask for: 60" in page
    assert f"Requests close at {_closes_in_shanghai(order)}." in page
    assert 'name="intent" value="request"' in page
    assert "Send my request" in page and "Confirm my claim" not in page


def test_requesting_records_her_request_and_holds_nothing_yet(mother_client, order, mother):
    response = post_request(mother_client, order, "40", seen=0, follow=True)

    assert response.redirect_chain[-1][0] == en("work_mine")
    assert said(response) == [
        "You asked for 40 pieces of Red 8-inch knot. "
        "When requests close, My work shows how many you were given."
    ]
    claim = her_claim(order, mother)
    assert (claim.requested, claim.quantity, claim.status) == (40, 0, ClaimStatus.REQUESTED)
    assert claim.requested_at is not None
    assert fresh(order).claimed == 0
    mine = response.content.decode()
    assert "You asked for 40 pieces." in mine
    assert "If you are given 40: 40 × ¥3.50 = ¥140.00 when accepted" in mine
    assert f"Requests until {_closes_in_shanghai(order)}" in mine


def test_the_order_page_shows_her_current_request(mother_client, order, mother):
    request_set(order=order, mother=mother, quantity=40)

    page = mother_client.get(page_of(order)).content.decode()

    assert "You asked for 40 pieces." in page
    assert "If you are given 40: 40 × ¥3.50 = ¥140.00 when accepted" in page
    assert 'name="seen" value="40"' in page
    assert "Change my request" in page
    assert "Withdraw my request for 40 pieces" in page


def test_she_changes_and_withdraws_her_request(mother_client, order, mother):
    post_request(mother_client, order, "40", seen=0)
    first_asked_at = her_claim(order, mother).requested_at

    post_request(mother_client, order, "25", seen=40)
    claim = her_claim(order, mother)
    assert claim.requested == 25 and claim.requested_at > first_asked_at

    response = post_request(mother_client, order, "0", seen=25, follow=True)
    assert said(response)[-1] == "You ask for no pieces of Red 8-inch knot now."
    claim = her_claim(order, mother)
    assert (claim.requested, claim.status) == (0, ClaimStatus.RELEASED)
    assert fresh(order).claimed == 0


def test_a_double_submitted_request_is_recorded_once(mother_client, order, mother):
    """The same number again changes nothing, not even her place in the queue."""
    assert post_request(mother_client, order, "40", seen=0).status_code == 302
    asked_at = her_claim(order, mother).requested_at

    assert post_request(mother_client, order, "40", seen=0).status_code == 302

    assert her_claim(order, mother).requested_at == asked_at
    assert Claim.objects.count() == 1


def test_a_request_may_be_more_than_her_share_would_be(mother_client, order, mother):
    """Others asked for everything already: she may still ask; the sharing keeps it fair."""
    for _ in range(2):
        request_set(order=order, mother=mother_for(order), quantity=60)

    assert post_request(mother_client, order, "60", seen=0).status_code == 302
    assert her_claim(order, mother).requested == 60


# Refused, and nothing changed ----------------------------------------------------------


def test_a_closed_window_takes_no_request(mother_client, order, mother):
    request_set(order=order, mother=mother, quantity=20)
    order.window_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    order.save(update_fields=["window_closes_at"])

    page = mother_client.get(page_of(order)).content.decode()
    assert "Requests for this order have closed." in page
    assert "Send my request" not in page and "Change my request" not in page

    _refused(
        post_request(mother_client, order, "30", seen=20), "Requests for this order have closed."
    )
    assert her_claim(order, mother).requested == 20


def test_a_cancelled_window_takes_no_request(mother_client, order, mother):
    request_set(order=order, mother=mother, quantity=20)
    order.status = OrderStatus.CANCELLED
    order.save(update_fields=["status"])

    assert (
        "This order is not open for requests." in mother_client.get(page_of(order)).content.decode()
    )
    _refused(
        post_request(mother_client, order, "30", seen=20), "This order is not open for requests."
    )
    assert her_claim(order, mother).requested == 20


def test_a_mother_no_longer_eligible_is_refused(mother_client, order, mother):
    """Her skill was withdrawn after she asked: she still sees the order, but may not ask."""
    request_set(order=order, mother=mother, quantity=20)
    MemberSkill.objects.filter(membership=mother).delete()

    _refused(
        post_request(mother_client, order, "30", seen=20), "You cannot take work from this order."
    )
    assert her_claim(order, mother).requested == 20


@pytest.mark.parametrize(("least", "typed"), [(1, "61"), (10, "5")])
def test_a_request_out_of_the_limits_is_refused(mother_client, order, mother, least, typed):
    order.min_claim = least
    order.save(update_fields=["min_claim"])

    page = _refused(
        post_request(mother_client, order, typed, seen=0),
        f"Ask for {least} to 60 pieces, or 0 to withdraw your request.",
    )
    assert f"If you are given {typed}: {typed} × ¥3.50" in page  # her number kept
    assert her_claim(order, mother) is None


def test_a_stale_request_form_is_shown_again_with_her_request_as_it_is_now(
    mother_client, order, mother
):
    """She asked for 30 in one window; the other window, opened before, still says 0."""
    request_set(order=order, mother=mother, quantity=30)

    page = _refused(
        post_request(mother_client, order, "20", seen=0),
        "Your request changed to 30 pieces since this page was opened.",
    )
    assert 'name="seen" value="30"' in page
    assert her_claim(order, mother).requested == 30


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "Enter a whole number of pieces, like 20."),
        ("", "Enter how many pieces you would like, or 0 to withdraw your request."),
        ("-3", "The number of pieces cannot be below 0."),
    ],
)
def test_bad_numbers_get_a_clear_message_and_change_nothing(
    mother_client, order, mother, typed, message
):
    request_set(order=order, mother=mother, quantity=10)

    response = post_request(mother_client, order, typed, seen=10)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert her_claim(order, mother).requested == 10


# After the sharing out -----------------------------------------------------------------


@pytest.fixture
def shared_order(order, mother):
    """She asked first for 60, a neighbour for 60, a third mother for 30: 100 pieces share
    out as 35, 35 and 30."""
    request_set(order=order, mother=mother, quantity=60)
    request_set(order=order, mother=mother_for(order), quantity=60)
    request_set(order=order, mother=mother_for(order), quantity=30)
    window_close(order=order, early=True)
    return fresh(order)


def test_after_the_sharing_out_she_sees_what_she_asked_for_and_was_given(
    mother_client, shared_order, mother
):
    page = mother_client.get(page_of(shared_order)).content.decode()

    assert "You asked for 60 and were given 35." in page
    assert "You hold 35 pieces." in page
    assert "My claim" in page and "My request" not in page
    assert SHARING not in page
    assert "Confirm my claim" in page and 'name="intent"' not in page
    assert "35 × ¥3.50 = ¥122.50 when accepted" in page

    listing = mother_client.get(en("work_open")).content.decode()
    assert "Requests until" not in listing and "35 pieces" in listing


def test_after_the_sharing_out_she_lowers_and_raises_within_what_is_left(
    mother_client, shared_order, mother
):
    assert post_claim(mother_client, shared_order, "30", seen=35).status_code == 302
    assert her_claim(shared_order, mother).quantity == 30 and fresh(shared_order).claimed == 95

    _refused(
        post_claim(mother_client, shared_order, "36", seen=30), "Only 5 pieces are left to claim."
    )
    assert post_claim(mother_client, shared_order, "35", seen=30).status_code == 302
    assert fresh(shared_order).claimed == 100

    page = mother_client.get(page_of(shared_order)).content.decode()
    # She changed her claim since: the page still says what the sharing gave her (stored).
    assert "You asked for 60 and were given 35." in page
    assert "You hold 35 pieces." in page


def test_a_mother_who_asked_nothing_claims_what_is_left_first_come(client, order, mother):
    request_set(order=order, mother=mother, quantity=40)
    window_close(order=order, early=True)
    latecomer = mother_for(order)
    client.force_login(latecomer.user)

    assert post_claim(client, order, "30", seen=0).status_code == 302

    assert her_claim(order, latecomer).quantity == 30 and fresh(order).claimed == 70


def test_a_request_sent_after_the_sharing_out_is_told_so(mother_client, shared_order, mother):
    """Her page still showed the request form when the window was shared out."""
    _refused(
        post_request(mother_client, shared_order, "50", seen=60),
        "Requests for this order have closed.",
    )
    assert her_claim(shared_order, mother).quantity == 35 and fresh(shared_order).claimed == 100
