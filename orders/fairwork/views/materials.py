"""The coordinator's materials at /co/materials/: the store (on hand, low-stock warnings,
stock received or corrected), what each product takes per piece, a claim's kit (issued with
it, back with her handovers) and the files of what went out and came back.

Every read is scoped to the cooperatives she coordinates, so another cooperative's material,
product or claim is a 404 (or not a choice) whatever its id; every POST lets the services
judge again and answers a refusal with its message, changing nothing.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from marketplace.coordinator_views import coordinator_required
from marketplace.exceptions import MarketError
from marketplace.selectors import coordinator_cooperatives
from orders import spreadsheets
from orders.fairwork.exports.materials import TABLES
from orders.fairwork.forms.materials import KitForm, MaterialForm, PerPieceForm, StockForm
from orders.fairwork.selectors.materials import claim_kits, materials_of, products_with_materials
from orders.fairwork.services.materials import (
    ZERO,
    kit_default,
    kit_issue,
    kit_return,
    material_create,
    product_material_set,
    still_out,
    stock_adjust,
    stock_receive,
)
from orders.models import Claim, ClaimStatus, Handover
from orders.reporting.views.dashboard import range_parse


def _chosen_cooperative(request: HttpRequest):
    cooperatives = list(coordinator_cooperatives(request.user).order_by("name", "pk"))
    wanted = request.GET.get("cooperative") or request.POST.get("cooperative") or ""
    chosen = next((c for c in cooperatives if str(c.pk) == wanted), cooperatives[0])
    return cooperatives, chosen


# The store ---------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def materials_page(request: HttpRequest) -> HttpResponse:
    cooperatives, chosen = _chosen_cooperative(request)
    materials = materials_of(chosen)
    products = products_with_materials(chosen)
    forms = {
        "material_form": MaterialForm(prefix="new"),
        "stock_form": StockForm(materials=materials, prefix="stock"),
        "per_piece_form": PerPieceForm(products=products, materials=materials, prefix="use"),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ACTIONS:
        done, form = ACTIONS[action](request, chosen, materials, products)
        if done:
            messages.success(request, done)
            return redirect(f"{reverse('co_materials')}?cooperative={chosen.pk}")
        forms[f"{action}_form"] = form
    elif action is not None:
        raise Http404
    status = 400 if any(form.errors for form in forms.values()) else 200
    context = {
        "cooperatives": cooperatives,
        "chosen": chosen,
        "materials": materials,
        "products": products,
        "today": timezone.localdate(),
        "files_from": timezone.localdate().replace(day=1),
    }
    return render(request, "orders/fairwork/materials.html", context | forms, status=status)


def _new_material(request, cooperative, materials, products):
    form = MaterialForm(request.POST, prefix="new")
    if not form.is_valid():
        return None, form
    try:
        material = material_create(cooperative=cooperative, **form.cleaned_data)
    except MarketError as error:
        form.add_error("name", error.message)
        return None, form
    return _("%(name)s is added to the store.") % {"name": material.display_name}, form


def _stock(request, cooperative, materials, products):
    form = StockForm(request.POST, materials=materials, prefix="stock")
    if not form.is_valid():
        return None, form
    data = form.cleaned_data
    try:
        if data["kind"] == StockForm.RECEIVED:
            stock_receive(
                material=data["material"],
                amount=data["amount"],
                actor=request.user,
                note=data["note"],
            )
        else:
            stock_adjust(
                material=data["material"],
                change=data["amount"],
                actor=request.user,
                reason=data["note"],
            )
    except MarketError as error:
        form.add_error("amount", error.message)
        return None, form
    return _("The stock of %(name)s is recorded.") % {"name": data["material"].display_name}, form


def _per_piece(request, cooperative, materials, products):
    form = PerPieceForm(request.POST, products=products, materials=materials, prefix="use")
    if not form.is_valid():
        return None, form
    try:
        product_material_set(**form.cleaned_data)
    except MarketError as error:
        form.add_error("material", error.message)
        return None, form
    return _("The materials per piece of %(name)s are saved.") % {
        "name": form.cleaned_data["product"].display_name
    }, form


ACTIONS = {"material": _new_material, "stock": _stock, "per_piece": _per_piece}


# A claim's kit -----------------------------------------------------------------------------


def _claim_or_404(request: HttpRequest, claim_id: int) -> Claim:
    claim = (
        Claim.objects.filter(
            pk=claim_id, order__cooperative__in=coordinator_cooperatives(request.user)
        )
        .exclude(status=ClaimStatus.REQUESTED)
        .select_related("order__product", "order__cooperative", "mother__user")
        .first()
    )
    if claim is None:
        raise Http404
    return claim


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def kit_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Issue her kit (the list × her claimed pieces, editable) and take back leftovers, with
    the handover they came back with when the page was opened from one."""
    claim = _claim_or_404(request, claim_id)
    materials = materials_of(claim.order.cooperative)
    handover = _handover(request, claim)
    issue = KitForm(materials=materials, prefix="issue", initial=_initial(claim))
    back = KitForm(materials=materials, prefix="back")
    action = request.POST.get("action") if request.method == "POST" else None
    done = None
    if action == "issue":
        issue, done = _record(request, claim, materials, "issue", kit_issue)
    elif action == "back":
        back, done = _record(request, claim, materials, "back", kit_return, handover=handover)
    elif action is not None:
        raise Http404
    if done:
        messages.success(request, done)
        return redirect("co_kit", claim.pk)
    context = {
        "claim": claim,
        "order": claim.order,
        "kit": claim_kits([claim])[0],
        "handover": handover,
        "issue_form": issue,
        "back_form": back,
        "can_issue": claim.status == ClaimStatus.ACTIVE,
    }
    status = 400 if issue.errors or back.errors else 200
    return render(request, "orders/fairwork/kit.html", context, status=status)


def _initial(claim: Claim) -> dict:
    """The kit her claimed pieces take, less what is already out with her (after she raised
    her claim, only the top-up is offered)."""
    out = still_out(claim_pk=claim.pk)
    return {
        f"m{pk}": f"{max(amount - out.get(pk, ZERO), ZERO).normalize():f}"
        for pk, amount in kit_default(claim).items()
    }


def _handover(request: HttpRequest, claim: Claim) -> Handover | None:
    wanted = request.GET.get("handover") or request.POST.get("handover") or ""
    if not (wanted.isdecimal() and len(wanted) <= 10):
        return None
    return Handover.objects.filter(claim=claim, pk=int(wanted)).first()


def _record(request, claim, materials, prefix, service, **extra):
    form = KitForm(request.POST, materials=materials, prefix=prefix)
    if not form.is_valid():
        return form, None
    try:
        service(
            claim=claim,
            amounts=form.amounts(),
            actor=request.user,
            note=form.cleaned_data["note"],
            **extra,
        )
    except MarketError as error:
        form.add_error(None, error.message)
        return form, None
    if prefix == "issue":
        return form, _("Her kit is recorded as issued.")
    return form, _("What she brought back is recorded.")


# Files -------------------------------------------------------------------------------------


@require_safe
@coordinator_required
def materials_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """What went out and came back in the range, per mother or per order, as CSV or XLSX."""
    if table not in TABLES:
        raise Http404
    _cooperatives, chosen = _chosen_cooperative(request)
    rng, _problems = range_parse(request.GET, today=timezone.localdate())
    header, rows = TABLES[table](cooperative=chosen, rng=rng)
    name = f"materials-{table}-{chosen.pk}-{rng.start.isoformat()}-{rng.end.isoformat()}.{fmt}"
    return spreadsheets.download(header, rows, fmt=fmt, filename=name, title=table)
