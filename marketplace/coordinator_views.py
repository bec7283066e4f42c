"""The coordinator's workspace for purchases: her cooperatives' paid lines, one line with
its actions, and the production demand of made-to-order lines.

Every read goes through the coordinator selectors, so another cooperative's line is a 404;
every POST re-reads the line and lets the services judge the step again.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from marketplace.coordinator_forms import CancelForm, RefundForm, ShipForm
from marketplace.exceptions import MarketError
from marketplace.listing import list_choice, list_querystring, list_search, list_tools
from marketplace.models import LineStatus, Product, PurchaseLine, Refund
from marketplace.models.purchases import RefundStatus
from marketplace.selectors import (
    COORDINATOR_LINE_STATUSES,
    coordinator_cooperatives,
    demand_for_coordinator,
    demand_totals,
    line_for_coordinator,
    lines_for_coordinator,
    lines_matching,
    purchase_events_for_cooperative,
)
from marketplace.services.fulfilment import (
    line_cancel,
    line_deliver,
    line_pack,
    line_ship,
    purchase_refund,
    refundable_amount,
)
from marketplace.services.purchases import LINE_ALLOWED

LINES_PER_PAGE = 30
# The states she filters her lines by, what she still has to do first (the default).
LINE_STATES = {
    "pending": (LineStatus.PAID, LineStatus.PACKED),
    "shipped": (LineStatus.SHIPPED,),
    "delivered": (LineStatus.DELIVERED,),
    "cancelled": (LineStatus.CANCELLED,),
    "all": COORDINATOR_LINE_STATUSES,
}
LINE_STATE_DEFAULT = "pending"
LINE_STATE_LABELS = {
    "pending": gettext_lazy("To handle"),
    "shipped": gettext_lazy("Shipped"),
    "delivered": gettext_lazy("Delivered"),
    "cancelled": gettext_lazy("Cancelled"),
    "all": gettext_lazy("All"),
}
# The page's title says which lines it shows.
LINE_STATE_TITLES = {
    "pending": gettext_lazy("Orders to handle"),
    "shipped": gettext_lazy("Shipped orders"),
    "delivered": gettext_lazy("Delivered orders"),
    "cancelled": gettext_lazy("Cancelled orders"),
    "all": gettext_lazy("All orders"),
}
# The buyer's phone number is hers to give for a delivery, not to keep: shown in full only
# while a line is still on its way to her.
PHONE_SHOWN = {LineStatus.PAID, LineStatus.PACKED, LineStatus.SHIPPED}


def coordinator_required(view):
    """Signed in (else to the sign-in page) and coordinating a cooperative (else 403)."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not coordinator_cooperatives(request.user).exists():
            return render(request, "marketplace/coordinator/not_coordinator.html", status=403)
        return view(request, *args, **kwargs)

    return login_required(checked)


# Lists ---------------------------------------------------------------------------------


@require_safe
@coordinator_required
def line_list(request: HttpRequest) -> HttpResponse:
    state = list_choice(request, name="status", choices=LINE_STATES, default=LINE_STATE_DEFAULT)
    query = list_search(request)
    found = lines_matching(lines_for_coordinator(user=request.user), query)
    lines = found.filter(status__in=LINE_STATES[state])
    page = Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("page"))
    per_status = _per_status(found)
    tools = list_tools(
        name="status",
        labels=LINE_STATE_LABELS,
        counts=_state_counts(per_status),
        current=state,
        query=query,
    )
    context = {
        "page_obj": page,
        "state": state,
        "title": LINE_STATE_TITLES[state],
        # Her lines come from more than one cooperative: each row names its own.
        "several": len({cooperative for cooperative, _ in per_status}) > 1,
        "search_all": list_querystring(status="all", q=query),
    }
    return render(request, "marketplace/coordinator/lines.html", context | tools)


def _per_status(lines) -> dict[tuple[int, str], int]:
    """How many of ``lines`` each cooperative has in each status, from one grouped query."""
    grouped = lines.order_by().values_list("cooperative_id", "status").annotate(count=Count("pk"))
    return {(cooperative, status): count for cooperative, status, count in grouped}


def _state_counts(per_status: dict[tuple[int, str], int]) -> dict[str, int]:
    return {
        state: sum(count for (_, status), count in per_status.items() if status in statuses)
        for state, statuses in LINE_STATES.items()
    }


@require_safe
@coordinator_required
def demand(request: HttpRequest) -> HttpResponse:
    lines = demand_for_coordinator(user=request.user)
    totals = list(demand_totals(lines))
    products = Product.objects.in_bulk([total["product_id"] for total in totals])
    for total in totals:
        total["product"] = products[total["product_id"]]
    return render(
        request,
        "marketplace/coordinator/demand.html",
        {"lines": lines, "totals": totals, "now": timezone.now()},
    )


# One line ------------------------------------------------------------------------------


def _line_or_404(request: HttpRequest, line_id: int) -> PurchaseLine:
    line = line_for_coordinator(user=request.user, line_id=line_id)
    if line is None:
        raise Http404
    return line


@require_safe
@coordinator_required
def line_detail(request: HttpRequest, line_id: int) -> HttpResponse:
    line = _line_or_404(request, line_id)
    return render(request, "marketplace/coordinator/line.html", _line_context(request, line))


def _line_context(request: HttpRequest, line: PurchaseLine, **bound_forms) -> dict:
    purchase = line.purchase
    refundable = refundable_amount(purchase=purchase, line=line)
    allowed = LINE_ALLOWED[LineStatus(line.status)]
    forms = {
        "ship_form": ShipForm(),
        "cancel_form": CancelForm(),
        "refund_form": RefundForm(refundable=refundable, initial={"seen": line.refunded_amount}),
    } | bound_forms
    return {
        "line": line,
        "purchase": purchase,
        "lines": lines_for_coordinator(user=request.user).filter(purchase=purchase),
        "events": purchase_events_for_cooperative(
            purchase_id=purchase.pk, cooperative_id=line.cooperative_id
        ),
        "refunds": line.refunds.all(),
        "refundable": refundable,
        "can_pack": LineStatus.PACKED in allowed,
        "can_ship": LineStatus.SHIPPED in allowed,
        "can_deliver": LineStatus.DELIVERED in allowed,
        "can_cancel": LineStatus.CANCELLED in allowed,
        "phone_shown": line.status in PHONE_SHOWN,
        **forms,
    }


class _Invalid(Exception):
    """A form with errors: the line's page is shown again with it."""

    def __init__(self, **forms):
        super().__init__()
        self.forms = forms


def _cleaned(name: str, form) -> dict:
    if not form.is_valid():
        raise _Invalid(**{name: form})
    return form.cleaned_data


def _pack(request: HttpRequest, line: PurchaseLine) -> None:
    line_pack(line=line, actor=request.user)
    messages.success(request, _("Marked as packed."))


def _ship(request: HttpRequest, line: PurchaseLine) -> None:
    data = _cleaned("ship_form", ShipForm(request.POST))
    line_ship(line=line, actor=request.user, **data)
    messages.success(request, _("Marked as shipped. The buyer has the tracking number."))


def _deliver(request: HttpRequest, line: PurchaseLine) -> None:
    line_deliver(line=line, actor=request.user)
    messages.success(request, _("Marked as delivered."))


def _cancel(request: HttpRequest, line: PurchaseLine) -> None:
    data = _cleaned("cancel_form", CancelForm(request.POST))
    refund = line_cancel(line=line, actor=request.user, reason=data["reason"])
    messages.success(request, _("The line is cancelled and its pieces are free again."))
    if refund is not None:
        _refund_outcome(request, refund)


def _refund(request: HttpRequest, line: PurchaseLine) -> None:
    refundable = refundable_amount(purchase=line.purchase, line=line)
    data = _cleaned("refund_form", RefundForm(request.POST, refundable=refundable))
    refund = purchase_refund(
        purchase=line.purchase,
        line=line,
        amount=data["amount"],
        reason=data["reason"],
        actor=request.user,
        seen_refunded=data["seen"],
    )
    _refund_outcome(request, refund)


def _refund_outcome(request: HttpRequest, refund: Refund) -> None:
    amount = {"amount": refund.amount}
    if refund.status == RefundStatus.FAILED:
        messages.error(
            request,
            _(
                "Stripe did not make the refund of ¥%(amount)s; nothing was refunded. "
                "Please try again later."
            )
            % amount,
        )
    elif refund.status == RefundStatus.PENDING:
        messages.success(
            request, _("Stripe is refunding ¥%(amount)s to the buyer's card.") % amount
        )
    else:
        messages.success(request, _("¥%(amount)s was refunded to the buyer's card.") % amount)


ACTIONS = {
    "pack": _pack,
    "ship": _ship,
    "deliver": _deliver,
    "cancel": _cancel,
    "refund": _refund,
}


@require_POST
@coordinator_required
def line_action(request: HttpRequest, line_id: int, action: str) -> HttpResponse:
    """Do ``action`` to the line if it is hers and the step is still allowed; otherwise say
    why, and change nothing."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    line = _line_or_404(request, line_id)
    try:
        handler(request, line)
    except _Invalid as invalid:
        context = _line_context(request, line, **invalid.forms)
        return render(request, "marketplace/coordinator/line.html", context, status=400)
    except MarketError as error:
        messages.error(request, error.message)
    return redirect("co_line", line_id=line.pk)
