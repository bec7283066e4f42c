"""The mother's side at /work/: the work she may claim, and one order with her claim on it
or, while its request window is open, her request (her claims and what became of them are
in orders/production/views/mine.py).

Every read goes through orders.production.selectors.work, scoped by her own memberships, so
an order or a claim she may not see is a 404 whatever its id; every POST re-reads the order and lets
``claim_set`` or ``request_set`` judge it again, so a page left open for a day is answered
with what holds now.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from marketplace.exceptions import BusyTryAgain
from marketplace.money import to_fen
from marketplace.selectors import mother_memberships
from orders.exceptions import ClaimError, ClaimOutOfLimits, OrderNotClaimable
from orders.fairwork.selectors.rates import claim_time
from orders.members.forms import InvitationAcceptForm
from orders.members.selectors import invitations_for_mother
from orders.models import Claim, ProductionOrder
from orders.production.forms.work import MAX_PIECES, ClaimForm, RequestForm
from orders.production.selectors.work import (
    her_claim_on,
    open_orders_for_mother,
    order_for_mother,
    order_picture,
)
from orders.production.services.claims import (
    ClaimLimits,
    claim_limits,
    claim_open_check,
    claim_set,
    order_has_room,
)
from orders.production.services.requests import request_open_check, request_set

# Quick choices on the claim page, besides "all I may take".
QUICK_CHOICES = (10, 20, 40)


def mother_required(view):
    """Signed in (else to the sign-in page) and a mother of a cooperative (else 403)."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not mother_memberships(request.user).exists():
            return render(request, "orders/mother/not_mother.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(checked)


# Open work -----------------------------------------------------------------------------


@require_safe
@login_required
def work_open(request: HttpRequest) -> HttpResponse:
    """The work she may claim, and above it the invitations waiting for her answer (which
    open this page to a woman who is no cooperative's mother yet)."""
    invitations = [
        # One form per card; ids apart, names the same as the invitation's own page reads.
        (invitation, InvitationAcceptForm(request.user, auto_id=f"invitation-{invitation.pk}-%s"))
        for invitation in invitations_for_mother(user=request.user)
    ]
    if not invitations and not mother_memberships(request.user).exists():
        return render(request, "orders/mother/not_mother.html", status=403)
    orders = list(open_orders_for_mother(user=request.user))
    for order in orders:
        order.picture = order_picture(order)
    return render(
        request,
        "orders/mother/open.html",
        {
            "invitations": invitations,
            # What she can still take first; the fully claimed apart, folded away below.
            "orders": [order for order in orders if order_has_room(order=order)],
            "full_orders": [order for order in orders if not order_has_room(order=order)],
            "several_cooperatives": len({order.cooperative_id for order in orders}) > 1,
            "today": timezone.localdate(),
            "now": timezone.now(),
        },
    )


# One order and her claim ---------------------------------------------------------------


def _order_or_404(request: HttpRequest, order_id: int) -> ProductionOrder:
    order = order_for_mother(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    return order


@dataclass(frozen=True)
class ClaimRoom:
    """What she may do with an order now, as ``claim_limits`` says: hold (or ask for)
    ``least`` to ``most``, or let go down to ``floor`` (the pieces she handed over; 0, a
    release, when none), and why she can't, if so. The page offers only these numbers."""

    limits: ClaimLimits
    closed: str = ""

    @classmethod
    def of(cls, order: ProductionOrder) -> "ClaimRoom":
        """Built from the services' own rules (claim_limits, claim_open_check,
        request_open_check), so the page offers what a POST would be allowed."""
        if order.takes_requests:
            limits = claim_limits(order=order)
            return cls(limits, closed=_requests_closed_reason(order))
        limits = claim_limits(order=order, held=order.mine, handed=order.handed)
        return cls(limits, closed=_closed_reason(order, limits))

    @property
    def least(self) -> int:
        return self.limits.least

    @property
    def most(self) -> int:
        return self.limits.most

    @property
    def floor(self) -> int:
        return self.limits.floor

    @property
    def choices(self) -> list[int]:
        """The quick choices: those of QUICK_CHOICES she may take, then the most."""
        if self.closed or self.most < self.least:
            return []
        fitting = [q for q in QUICK_CHOICES if self.least <= q < self.most]
        return [*fitting, self.most]

    @property
    def can_let_go(self) -> bool:
        return not self.closed and self.limits.can_let_go


def _closed_reason(order: ProductionOrder, limits: ClaimLimits) -> str:
    try:
        claim_open_check(order=order)
    except ClaimError as error:
        return error.message
    if limits.most >= limits.least or order.mine:
        return ""
    if order.remaining:
        return _(
            "Only %(left)d pieces are left, fewer than the smallest claim of %(least)d. "
            "Pieces that others release come back here."
        ) % {"left": order.remaining, "least": order.min_claim}
    return _(
        "Every piece of this order has been claimed. Pieces that others release come back here."
    )


def _requests_closed_reason(order: ProductionOrder) -> str:
    try:
        request_open_check(order=order)
    except ClaimError as error:
        return _request_refusal(order, error)
    return ""


# The request form posts this, so that a request sent after the sharing out is told so
# instead of being taken for a claim.
REQUEST_INTENT = "request"


@require_http_methods(["GET", "HEAD", "POST"])
@mother_required
def work_order(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _order_or_404(request, order_id)
    form_class = RequestForm if order.takes_requests else ClaimForm
    if request.method != "POST":
        held = order.asked if order.takes_requests else order.mine
        return _order_page(
            request, order, form_class(initial={"quantity": held or order.min_claim})
        )
    form = form_class(request.POST)
    if not form.is_valid():
        return _order_page(request, order, form, status=400)
    if order.takes_requests:
        return _request(request, order, form)
    if request.POST.get("intent") == REQUEST_INTENT:
        form.add_error("quantity", _("Requests for this order have closed."))
        return _order_page(request, order, form, status=409)
    return _claim(request, order, form)


def _claim(request: HttpRequest, order: ProductionOrder, form: ClaimForm) -> HttpResponse:
    quantity, seen = form.cleaned_data["quantity"], form.cleaned_data["seen"]
    if quantity == order.mine:
        # Setting an absolute number is idempotent: a second tap of the same form is done.
        _say_done(request, order, quantity)
        return redirect("work_mine")
    if seen is not None and seen != order.mine:
        form.add_error("quantity", _stale_message(order.mine))
        return _order_page(request, order, form, status=409)
    try:
        claim = claim_set(order=order, mother=_her_membership(request, order), quantity=quantity)
    except (ClaimError, BusyTryAgain) as error:
        # Someone else may have moved first: show the order as it is now, and why not.
        form.add_error("quantity", error.message)
        return _order_page(request, _order_or_404(request, order.pk), form, status=409)
    _say_done(request, order, claim.quantity)
    return redirect("work_mine")


def _her_membership(request: HttpRequest, order: ProductionOrder):
    return mother_memberships(request.user).get(cooperative_id=order.cooperative_id)


def _stale_message(now: int) -> str:
    if now:
        return ngettext(
            "Your claim changed to %(count)d piece since this page was opened. "
            "Check the number and confirm again.",
            "Your claim changed to %(count)d pieces since this page was opened. "
            "Check the number and confirm again.",
            now,
        ) % {"count": now}
    return _(
        "Your claim was released since this page was opened. Check the number and confirm again."
    )


def _say_done(request: HttpRequest, order: ProductionOrder, quantity: int) -> None:
    names = {"product": order.product.display_name, "due": order.due_date.isoformat()}
    if quantity:
        message = ngettext(
            "You hold %(count)d piece of %(product)s. Hand it over by %(due)s.",
            "You hold %(count)d pieces of %(product)s. Hand them over by %(due)s.",
            quantity,
        )
        messages.success(request, message % (names | {"count": quantity}))
    else:
        message = _("You hold no pieces of %(product)s now; they are free for other mothers.")
        messages.success(request, message % names)


def _request(request: HttpRequest, order: ProductionOrder, form: RequestForm) -> HttpResponse:
    quantity, seen = form.cleaned_data["quantity"], form.cleaned_data["seen"]
    if quantity == order.asked:
        _say_requested(request, order, quantity)
        return redirect("work_mine")
    if seen is not None and seen != order.asked:
        form.add_error("quantity", _stale_request_message(order.asked))
        return _order_page(request, order, form, status=409)
    try:
        request_set(order=order, mother=_her_membership(request, order), quantity=quantity)
    except (ClaimError, BusyTryAgain) as error:
        form.add_error("quantity", _request_refusal(order, error))
        return _order_page(request, _order_or_404(request, order.pk), form, status=409)
    _say_requested(request, order, quantity)
    return redirect("work_mine")


def _request_refusal(order: ProductionOrder, error: ClaimError | BusyTryAgain) -> str:
    """The service's reason, said of a request rather than a claim where the words differ."""
    if isinstance(error, ClaimOutOfLimits):
        return _("Ask for %(least)d to %(most)d pieces, or 0 to withdraw your request.") % {
            "least": order.min_claim,
            "most": order.max_per_mother,
        }
    if isinstance(error, OrderNotClaimable):
        return _("This order is not open for requests.")
    return error.message


def _stale_request_message(now: int) -> str:
    if now:
        return ngettext(
            "Your request changed to %(count)d piece since this page was opened. "
            "Check the number and confirm again.",
            "Your request changed to %(count)d pieces since this page was opened. "
            "Check the number and confirm again.",
            now,
        ) % {"count": now}
    return _(
        "Your request was withdrawn since this page was opened. Check the number and confirm again."
    )


def _say_requested(request: HttpRequest, order: ProductionOrder, quantity: int) -> None:
    names = {"product": order.product.display_name, "count": quantity}
    if quantity:
        message = ngettext(
            "You asked for %(count)d piece of %(product)s. "
            "When requests close, My work shows how many you were given.",
            "You asked for %(count)d pieces of %(product)s. "
            "When requests close, My work shows how many you were given.",
            quantity,
        )
    else:
        message = _("You ask for no pieces of %(product)s now.")
    messages.success(request, message % names)


def _her_share(request: HttpRequest, order: ProductionOrder) -> dict | None:
    """After a request window was shared out: what she asked for and what she was given."""
    if not order.is_request_window or order.allocated_at is None:
        return None
    claim: Claim | None = her_claim_on(user=request.user, order=order)
    if claim is None or not claim.requested:
        return None
    return {"asked": claim.requested, "given": claim.allocated}


def _order_page(
    request: HttpRequest, order: ProductionOrder, form: ClaimForm, *, status: int = 200
) -> HttpResponse:
    room = ClaimRoom.of(order)
    form.show_limits(room.limits)
    shown = _shown_quantity(form)
    context = {
        "order": order,
        "picture": order_picture(order),
        "room": room,
        "form": form,
        "shown": shown,
        "shown_total": None if shown is None else order.worth(shown),
        "rate_fen": to_fen(order.piece_rate),
        "max_pieces": MAX_PIECES,
        "today": timezone.localdate(),
        "share": _her_share(request, order),
        "request_intent": REQUEST_INTENT,
        "time": claim_time(order=order, pieces=shown, most=room.most),
    }
    return render(request, "orders/mother/order.html", context, status=status)


def _shown_quantity(form) -> int | None:
    """The number in the box as she will see it, for the money line; None if not a number."""
    value = str(form["quantity"].value()).strip()
    if not value.isdecimal() or int(value) > MAX_PIECES:
        return None
    return int(value)
