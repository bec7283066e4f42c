"""Payslips (工资条): the mother's own at /work/payslips/, and her cooperative's coordinators'
at /co/payslips/ (per month, per payout run). Each as a page that prints well, and as a PDF;
all of a run's as a zip, made on a worker (orders.money.views.prepared shows its progress).

A mother reaches only her own memberships (a former mother still sees her past payslips),
a coordinator only the mothers and runs of the cooperatives she coordinates: anything else,
a malformed month or one not yet begun is a 404 whatever its id.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_POST, require_safe

from marketplace.coordinator_views import coordinator_required
from marketplace.models import Membership
from marketplace.selectors import coordinated_mothers, coordinator_cooperatives, mother_memberships
from orders.models import Payout, PayoutRun, PreparedKind
from orders.money.pdf import PdfUnavailable, filename, payslip_pdf
from orders.money.selectors.payslips import (
    Payslip,
    month_parse,
    months_with_entries,
    payslip_build,
    run_payslip_build,
)
from orders.money.services.prepared import prepared_file_start

# The coordinator's list shows the newest runs; older ones are a click away on /co/payouts/.
RUNS_LISTED = 6


def _month_or_404(text: str):
    month = month_parse(text)
    if month is None:
        raise Http404
    return month


# The mother's own ---------------------------------------------------------------------------


@require_safe
@login_required
def work_payslips(request: HttpRequest) -> HttpResponse:
    """The months in which she has any entry, newest first, per cooperative."""
    months = months_with_entries(mother_memberships(request.user, former_too=True))
    cooperatives = {}
    for row in months:
        cooperatives.setdefault(row["cooperative_id"], {"name": row["cooperative"], "months": []})
        cooperatives[row["cooperative_id"]]["months"].append(row["month"])
    return render(
        request, "orders/payslips/list.html", {"cooperatives": list(cooperatives.items())}
    )


def _her_payslip(request: HttpRequest, cooperative_id: int, month: str) -> Payslip:
    month = _month_or_404(month)
    membership = (
        mother_memberships(request.user, former_too=True)
        .filter(cooperative_id=cooperative_id)
        .select_related("user", "cooperative")
        .first()
    )
    if membership is None:
        raise Http404
    return payslip_build(mother=membership, month=month, hers=True)


@require_safe
@login_required
def work_payslip(request: HttpRequest, cooperative_id: int, month: str) -> HttpResponse:
    payslip = _her_payslip(request, cooperative_id, month)
    pdf_url = reverse("work_payslip_pdf", args=[cooperative_id, month])
    return _page(request, payslip, side="mother", pdf_url=pdf_url)


@require_safe
@login_required
def work_payslip_pdf(request: HttpRequest, cooperative_id: int, month: str) -> HttpResponse:
    payslip = _her_payslip(request, cooperative_id, month)
    return _pdf(request, payslip, page_url=reverse("work_payslip", args=[cooperative_id, month]))


# The coordinator's -------------------------------------------------------------------------


def _mother_of_hers(request: HttpRequest, membership_id: int, **filters) -> Membership:
    membership = (
        coordinated_mothers(request.user)
        .filter(pk=membership_id, **filters)
        .select_related("user", "cooperative")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def _co_payslip(request: HttpRequest, membership_id: int, month: str) -> Payslip:
    month = _month_or_404(month)
    return payslip_build(mother=_mother_of_hers(request, membership_id), month=month)


@require_safe
@coordinator_required
def co_payslips(request: HttpRequest) -> HttpResponse:
    """Her cooperatives' payslips: the months with entries (one chosen, the newest by
    default) with the mothers who have one, and the newest runs with their payouts."""
    mothers = coordinated_mothers(request.user)
    rows = months_with_entries(mothers)
    months = sorted({row["month"] for row in rows}, reverse=True)
    chosen = month_parse(request.GET.get("month", ""))
    if chosen not in months:
        chosen = months[0] if months else None
    ids = [row["mother_id"] for row in rows if row["month"] == chosen]
    runs = list(
        PayoutRun.objects.filter(cooperative__in=coordinator_cooperatives(request.user))
        .select_related("cooperative")
        .order_by("-created_at", "-pk")[:RUNS_LISTED]
    )
    payouts = list(
        Payout.objects.filter(run__in=runs)
        .select_related("mother__user")
        .order_by("mother__user__first_name", "mother_id")
    )
    for run in runs:
        run.listed = [payout for payout in payouts if payout.run_id == run.pk]
    context = {
        "months": months,
        "chosen": chosen,
        "mothers": mothers.filter(pk__in=ids)
        .select_related("user", "cooperative")
        .order_by("cooperative__name", "user__first_name", "pk"),
        "runs": runs,
    }
    return render(request, "orders/payslips/co_index.html", context)


@require_safe
@coordinator_required
def co_payslip(request: HttpRequest, membership_id: int, month: str) -> HttpResponse:
    payslip = _co_payslip(request, membership_id, month)
    pdf_url = reverse("co_payslip_pdf", args=[membership_id, month])
    return _page(request, payslip, side="coordinator", pdf_url=pdf_url)


@require_safe
@coordinator_required
def co_payslip_pdf(request: HttpRequest, membership_id: int, month: str) -> HttpResponse:
    payslip = _co_payslip(request, membership_id, month)
    return _pdf(request, payslip, page_url=reverse("co_payslip", args=[membership_id, month]))


def _run_of_hers(request: HttpRequest, run_id: int) -> PayoutRun:
    run = PayoutRun.objects.filter(
        pk=run_id, cooperative__in=coordinator_cooperatives(request.user)
    ).first()
    if run is None:
        raise Http404
    return run


def _run_payslip(request: HttpRequest, run_id: int, membership_id: int) -> Payslip:
    run = _run_of_hers(request, run_id)
    mother = _mother_of_hers(request, membership_id, cooperative_id=run.cooperative_id)
    payslip = run_payslip_build(run=run, mother=mother)
    if payslip is None:  # the run paid her nothing
        raise Http404
    return payslip


@require_safe
@coordinator_required
def co_run_payslip(request: HttpRequest, run_id: int, membership_id: int) -> HttpResponse:
    payslip = _run_payslip(request, run_id, membership_id)
    pdf_url = reverse("co_run_payslip_pdf", args=[run_id, membership_id])
    return _page(request, payslip, side="coordinator", pdf_url=pdf_url)


@require_safe
@coordinator_required
def co_run_payslip_pdf(request: HttpRequest, run_id: int, membership_id: int) -> HttpResponse:
    payslip = _run_payslip(request, run_id, membership_id)
    page_url = reverse("co_run_payslip", args=[run_id, membership_id])
    return _pdf(request, payslip, page_url=page_url, run_id=run_id)


@require_POST
@coordinator_required
def co_run_payslips_zip(request: HttpRequest, run_id: int) -> HttpResponse:
    """Start making every payslip of a run, one PDF each, in a zip, on a worker (about a
    second a payslip), or find the one in the making: its page shows the progress."""
    run = _run_of_hers(request, run_id)
    prepared = prepared_file_start(
        kind=PreparedKind.PAYSLIPS_ZIP,
        cooperative=run.cooperative,
        params={"run_id": run.pk, "language": get_language()},
        asker=request.user,
    )
    return redirect("prepared_page", prepared.pk)


# Answers ---------------------------------------------------------------------------------------


def _page(request: HttpRequest, payslip: Payslip, *, side: str, pdf_url: str) -> HttpResponse:
    context = {"payslip": payslip, "side": side, "pdf_url": pdf_url}
    return _private(render(request, "orders/payslips/payslip.html", context))


def _pdf(
    request: HttpRequest, payslip: Payslip, *, page_url: str, run_id: int | None = None
) -> HttpResponse:
    try:
        content = payslip_pdf(payslip)
    except PdfUnavailable:
        return _unavailable(request, page_url=page_url)
    response = HttpResponse(content, content_type="application/pdf")
    name = filename(payslip, run_id=run_id)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)


def _unavailable(request: HttpRequest, *, page_url: str) -> HttpResponse:
    """No font for PDFs on this server: say so (503), and offer the page, which prints."""
    context = {"page_url": page_url}
    return render(request, "orders/payslips/pdf_unavailable.html", context, status=503)


def _private(response: HttpResponse) -> HttpResponse:
    """Payslips are personal: no shared cache keeps one."""
    patch_cache_control(response, private=True, no_store=True)
    return response
