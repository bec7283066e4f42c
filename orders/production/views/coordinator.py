"""The coordinator's production workspace at /co/orders/: her cooperatives' production
orders, a new order (for stock or for the made-to-order purchases waiting), one order with
its claims, and at the 驿站 table: handovers, inspections and corrections.

Every read goes through orders.production.selectors.coordinator, so another cooperative's order,
claim, handover or inspection is a 404 whatever its id; every POST re-reads and lets the
services judge again.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marketplace.coordinator_views import coordinator_required
from marketplace.exceptions import MarketError
from marketplace.listing import list_choice, list_search, list_tools
from marketplace.models import PurchaseLine
from marketplace.selectors import coordinator_cooperatives
from orders.fairwork.forms.rates import BelowMinimumForm
from orders.fairwork.selectors.materials import order_kits
from orders.fairwork.selectors.rates import order_rate_check
from orders.fairwork.views.rates import (
    below_minimum_confirmation,
    new_order_check,
    order_form_facts,
    posted_reason,
)
from orders.models import Claim, OrderStatus, ProductionOrder
from orders.production.forms.coordinator import HandoverForm, InspectionForm, OrderForm, ReasonForm
from orders.production.photos import INSPECTION_PHOTO
from orders.production.selectors.coordinator import (
    ORDER_TABS,
    claims_of_order,
    current_inspections,
    handover_for_coordinator,
    inspection_for_coordinator,
    order_for_coordinator,
    order_tab_counts,
    orders_for_coordinator,
    products_for_coordinator,
    reasons_of,
)
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from orders.production.services.orders import (
    ORDER_ALLOWED,
    open_demand,
    order_cancel,
    order_create,
    order_publish,
    order_transition,
)
from orders.production.services.photos import photo_save
from orders.production.services.requests import window_close

ORDERS_PER_PAGE = 30
TAB_LABELS = {
    "live": gettext_lazy("Under way"),
    "draft": gettext_lazy("Drafts"),
    "completed": gettext_lazy("Completed"),
    "cancelled": gettext_lazy("Cancelled"),
}


def _order_or_404(request: HttpRequest, order_id: int) -> ProductionOrder:
    order = order_for_coordinator(user=request.user, order_id=order_id)
    if order is None:
        raise Http404
    return order


# Lists ---------------------------------------------------------------------------------


@require_safe
@coordinator_required
def order_list(request: HttpRequest) -> HttpResponse:
    tab = list_choice(request, name="tab", choices=ORDER_TABS, default="live")
    query = list_search(request)
    tools = list_tools(
        name="tab",
        labels=TAB_LABELS,
        counts=order_tab_counts(user=request.user, query=query),
        current=tab,
        query=query,
    )
    orders = orders_for_coordinator(user=request.user, tab=tab, query=query)
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "orders": page.object_list,
        "tab": tab,
        "demand": _demand(request).count(),
        "today": timezone.localdate(),
    }
    return render(request, "orders/coordinator/orders/list.html", context | tools)


def _demand(request: HttpRequest):
    return (
        open_demand(cooperatives=coordinator_cooperatives(request.user))
        .select_related("purchase", "product", "cooperative")
        .order_by("product", "pk")
    )


# A new order ---------------------------------------------------------------------------


def _chosen_lines(request: HttpRequest, source) -> list[PurchaseLine]:
    wanted = [v for v in source.getlist("lines") if v.isdecimal() and len(v) <= 10]
    return list(_demand(request).filter(pk__in=wanted))


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def order_new(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    lines = _chosen_lines(request, source)
    products = products_for_coordinator(user=request.user)
    if lines:
        products = products.filter(pk=lines[0].product_id)
        lines = [line for line in lines if line.product_id == lines[0].product_id]
    needed = sum(line.quantity for line in lines)
    if request.method != "POST":
        initial = {"mode": "first_come", "min_claim": 1, "max_per_mother": 100}
        if lines:
            initial |= {"product": lines[0].product_id, "quantity": needed}
        form = OrderForm(initial=initial, products=products, needed=needed)
        return _order_new_page(request, form, lines)
    form = OrderForm(request.POST, request.FILES, products=products, needed=needed)
    if not form.is_valid():
        return _order_new_page(request, form, lines, status=400)
    check = new_order_check(form.cleaned_data)
    publish = bool(request.POST.get("publish"))
    confirm = below_minimum_confirmation(request, check) if publish else None
    if confirm is not None:
        # The second confirmation: nothing is saved until a reason is written.
        status = 400 if confirm.is_bound else 200
        return _order_new_page(request, form, lines, check=check, confirm=confirm, status=status)
    try:
        with transaction.atomic():
            order = _create(request, form, lines)
            if publish:
                order_publish(
                    order=order, actor=request.user, below_minimum_reason=posted_reason(request)
                )
    except MarketError as error:
        form.add_error(None, error.message)
        return _order_new_page(request, form, lines, check=check, status=409)
    if order.status == OrderStatus.OPEN:
        messages.success(request, _published())
    else:
        messages.success(request, _("The order is saved as a draft. Publish it when ready."))
    return redirect("co_order", order.pk)


def _published() -> str:
    return _("The order is open; the mothers who may take it were told.")


def _create(request: HttpRequest, form: OrderForm, lines) -> ProductionOrder:
    fields = {k: v for k, v in form.cleaned_data.items() if k not in {"product", "photo_upload"}}
    product = form.cleaned_data["product"]
    photo = form.save_photo(title=product.name, user=request.user)
    return order_create(
        cooperative=product.cooperative,
        product=product,
        actor=request.user,
        serves=lines,
        photo=photo,
        **fields,
    )


def _order_new_page(
    request, form, lines, *, check=None, confirm=None, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "lines": lines,
        "demand": _demand(request),
        "rate_check": check,
        "confirm": confirm,
        "rate_facts": order_form_facts(products=form.fields["product"].queryset),
    }
    return render(request, "orders/coordinator/orders/new.html", context, status=status)


# One order -----------------------------------------------------------------------------


@require_safe
@coordinator_required
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _order_or_404(request, order_id)
    return _order_page(request, order)


def _order_page(request, order, *, status: int = 200, bound=None) -> HttpResponse:
    claims = list(claims_of_order(order))
    for claim in claims:
        claim.handed_total = sum(h.count for h in claim.handovers.all())
        claim.form = (
            bound
            if bound is not None and bound.claim_id == claim.pk
            else HandoverForm(
                initial={"count": claim.to_make or None, "seen": claim.handed_total},
                prefix=f"c{claim.pk}",
            )
        )
    allowed = ORDER_ALLOWED[OrderStatus(order.status)]
    rates = order_rate_check(order=order)
    context = {
        "order": order,
        "rate_check": rates,
        "confirm": BelowMinimumForm() if rates.below and order.published_at is None else None,
        "claims": claims,
        "lines": order.serves.select_related("purchase").order_by("pk"),
        "pending": sum(claim.pending for claim in claims),
        "can_publish": order.status == OrderStatus.DRAFT,
        "can_close_window": order.takes_requests and order.status == OrderStatus.OPEN,
        "can_start": OrderStatus.IN_PRODUCTION in allowed and not order.takes_requests,
        "can_cancel": OrderStatus.CANCELLED in allowed,
        "takes_handovers": order.status
        in (OrderStatus.OPEN, OrderStatus.FULLY_CLAIMED, OrderStatus.IN_PRODUCTION),
        "today": timezone.localdate(),
        "materials": order_kits(order),
    }
    return render(request, "orders/coordinator/orders/detail.html", context, status=status)


ACTIONS = {"publish", "close-window", "start", "cancel"}


@require_POST
@coordinator_required
def order_action(request: HttpRequest, order_id: int, action: str) -> HttpResponse:
    order = _order_or_404(request, order_id)
    if action not in ACTIONS:
        raise Http404
    try:
        if action == "publish":
            order_publish(
                order=order, actor=request.user, below_minimum_reason=posted_reason(request)
            )
            messages.success(
                request, _("The order is open; the mothers who may take it were told.")
            )
        elif action == "close-window":
            shares = window_close(order=order, early=True)
            if not shares and not order.takes_requests:
                messages.info(request, _("The requests were already shared out."))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Requests closed: %(pieces)d piece shared among the mothers who asked.",
                        "Requests closed: %(pieces)d pieces shared among the mothers who asked.",
                        sum(shares.values()),
                    )
                    % {"pieces": sum(shares.values())},
                )
        elif action == "start":
            order_transition(order=order, to=OrderStatus.IN_PRODUCTION)
            messages.success(request, _("Claims are closed; the order is in production."))
        else:
            order_cancel(order=order)
            messages.success(request, _("The order is cancelled; the claims were released."))
    except MarketError as error:
        messages.error(request, error.message)
    return redirect("co_order", order.pk)


# Handover ------------------------------------------------------------------------------


@require_POST
@coordinator_required
def handover_new(request: HttpRequest, order_id: int, claim_id: int) -> HttpResponse:
    order = _order_or_404(request, order_id)
    claim = Claim.objects.filter(order=order, pk=claim_id).first()
    if claim is None:
        raise Http404
    form = HandoverForm(request.POST, prefix=f"c{claim.pk}")
    form.claim_id = claim.pk
    if not form.is_valid():
        return _order_page(request, order, status=400, bound=form)
    try:
        handover = handover_record(
            claim=claim,
            count=form.cleaned_data["count"],
            note=form.cleaned_data["note"],
            seen=form.cleaned_data["seen"],
            minutes_reported=form.cleaned_data["minutes_reported"],
            actor=request.user,
        )
    except MarketError as error:
        form.add_error("count", error.message)
        return _order_page(request, order, status=409, bound=form)
    messages.success(
        request,
        ngettext(
            "%(count)d piece handed over by %(mother)s; inspect it now or later.",
            "%(count)d pieces handed over by %(mother)s; inspect them now or later.",
            handover.count,
        )
        % {"count": handover.count, "mother": claim.mother.person_name},
    )
    return redirect("co_inspect", order.pk, handover.pk)


# Inspection ----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def inspect(request: HttpRequest, order_id: int, handover_id: int) -> HttpResponse:
    order = _order_or_404(request, order_id)
    handover = handover_for_coordinator(user=request.user, order=order, handover_id=handover_id)
    if handover is None:
        raise Http404
    done = current_inspections().filter(handover=handover).first()
    reasons = reasons_of(order.cooperative_id)
    if done is not None or request.method != "POST":
        form = InspectionForm(
            initial={"accepted": handover.count}, reasons=reasons, count=handover.count
        )
        return _inspect_page(request, order, handover, form, done=done)
    form = InspectionForm(request.POST, request.FILES, reasons=reasons, count=handover.count)
    if not form.is_valid():
        return _inspect_page(request, order, handover, form, status=400)
    try:
        photo = _inspection_photo(request, form, handover)
        inspection_record(
            handover=handover,
            accepted=form.cleaned_data["accepted"],
            rejections=form.rejections,
            note=form.cleaned_data["note"],
            photo=photo,
            actor=request.user,
        )
    except MarketError as error:
        form.add_error(None, error.message)
        return _inspect_page(request, order, handover, form, status=409)
    messages.success(
        request,
        _("%(mother)s: %(accepted)d accepted, %(rejected)d rejected. Her earnings are recorded.")
        % {
            "mother": handover.claim.mother.person_name,
            "accepted": form.cleaned_data["accepted"],
            "rejected": handover.count - form.cleaned_data["accepted"],
        },
    )
    return redirect("co_order", order.pk)


def _inspection_photo(request, form, handover):
    upload = form.cleaned_data.get("photo_upload")
    if not upload:
        return None
    return photo_save(
        upload=upload,
        title=f"handover-{handover.pk}",
        user=request.user,
        renditions=INSPECTION_PHOTO.values(),
    )


def _inspect_page(request, order, handover, form, *, done=None, status=200) -> HttpResponse:
    return render(
        request,
        "orders/coordinator/orders/inspect.html",
        {"order": order, "handover": handover, "form": form, "done": done},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def correct(request: HttpRequest, order_id: int, inspection_id: int) -> HttpResponse:
    order = _order_or_404(request, order_id)
    inspection = inspection_for_coordinator(
        user=request.user, order=order, inspection_id=inspection_id
    )
    if inspection is None:
        raise Http404
    reasons = reasons_of(order.cooperative_id)
    before = {f"reason_{r.reason_id}": r.count for r in inspection.rejections.all()}
    if request.method != "POST":
        form = InspectionForm(
            initial={"accepted": inspection.accepted} | before,
            reasons=reasons,
            count=inspection.count,
            correcting=True,
        )
        return _correct_page(request, order, inspection, form)
    form = InspectionForm(request.POST, reasons=reasons, count=inspection.count, correcting=True)
    if not form.is_valid():
        return _correct_page(request, order, inspection, form, status=400)
    try:
        inspection_correct(
            inspection=inspection,
            accepted=form.cleaned_data["accepted"],
            rejections=form.rejections,
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except MarketError as error:
        form.add_error(None, error.message)
        return _correct_page(request, order, inspection, form, status=409)
    messages.success(request, _("The correction is recorded; her earnings follow it."))
    return redirect("co_order", order.pk)


def _correct_page(request, order, inspection, form, *, status=200) -> HttpResponse:
    return render(
        request,
        "orders/coordinator/orders/correct.html",
        {
            "order": order,
            "inspection": inspection,
            "handover": inspection.handover,
            "form": form,
            "superseded": hasattr(inspection, "correction"),
        },
        status=status,
    )


# Rejection reasons ---------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def reasons(request: HttpRequest) -> HttpResponse:
    """The reasons each of her cooperatives keeps for rejected pieces: add one, or take one
    out of use (it stays on the inspections that used it)."""
    cooperatives = list(coordinator_cooperatives(request.user))
    chosen = _chosen_cooperative(request, cooperatives)
    form = ReasonForm(cooperative=chosen)
    if request.method == "POST":
        toggle = request.POST.get("toggle", "")
        if toggle:
            reason = (
                reasons_of(chosen.pk, active_only=False)
                .filter(pk=int(toggle) if toggle.isdecimal() and len(toggle) <= 10 else 0)
                .first()
            )
            if reason is None:
                raise Http404
            reason.is_active = not reason.is_active
            reason.save(update_fields=["is_active"])
            return redirect(f"{request.path}?cooperative={chosen.pk}")
        form = ReasonForm(request.POST, cooperative=chosen)
        if form.is_valid():
            form.save()
            messages.success(request, _("The reason is added to the inspection form."))
            return redirect(f"{request.path}?cooperative={chosen.pk}")
    return render(
        request,
        "orders/coordinator/orders/reasons.html",
        {
            "cooperatives": cooperatives,
            "chosen": chosen,
            "reasons": reasons_of(chosen.pk, active_only=False),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _chosen_cooperative(request: HttpRequest, cooperatives):
    wanted = request.GET.get("cooperative") or request.POST.get("cooperative") or ""
    for cooperative in cooperatives:
        if str(cooperative.pk) == wanted:
            return cooperative
    return cooperatives[0]
