"""The mother's "My work" at /work/mine/ and one claim of hers at /work/claims/<id>/: what
she holds or asked for, what became of the pieces she handed over and what they earned.

Signing in is enough (a former mother still sees her past work); every read goes through
orders.production.selectors.mine, scoped by her own user, so anyone else's claim is a 404.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from orders.fairwork.selectors.materials import claim_kits
from orders.fairwork.services.reported import reporting_since
from orders.production.selectors.mine import (
    claim_for_mother,
    claims_for_mother,
    earnings_for_mother,
    handovers_for_claim,
    rejections_attach,
)

CLAIMS_PER_PAGE = 30


@require_safe
@login_required
def work_mine(request: HttpRequest) -> HttpResponse:
    claims = claims_for_mother(user=request.user)
    page = Paginator(claims, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = rejections_attach(list(page.object_list))
    earnings = earnings_for_mother(user=request.user) if page.paginator.count else None
    return render(
        request,
        "orders/mother/mine.html",
        {
            "page_obj": page,
            "earnings": earnings,
            "today": timezone.localdate(),
            "now": timezone.now(),
        },
    )


@require_safe
@login_required
def work_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    """One of her claims and each handover of it: its result, reasons, note, photo,
    corrections and earnings. Anyone else's claim is not found."""
    claim = claim_for_mother(user=request.user, claim_id=claim_id)
    if claim is None:
        raise Http404
    rejections_attach([claim])
    context = {
        "claim": claim,
        "order": claim.order,
        "handovers": handovers_for_claim(claim),
        "report_after": reporting_since(),
        "kit": claim_kits([claim])[0],
        "today": timezone.localdate(),
        "now": timezone.now(),
    }
    return render(request, "orders/mother/claim.html", context)
