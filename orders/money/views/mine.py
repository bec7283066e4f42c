"""The mother's "My money" at /work/money/: what she earned this month, what awaits
inspection, what was paid to her and what she is owed; every entry of her statement, traceable
to its claim, its reason or its payout; and her payouts, each of which she confirms received
or reports a problem with.

Signing in as a mother, now or once, is enough (a former mother still sees and confirms her
money); every read goes through orders.money.selectors.mine, scoped by her own user, so anyone
else's payout is a 404 and nothing changes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from orders.models import Payout, PayoutStatus
from orders.money.forms import ProblemForm
from orders.money.selectors.mine import ever_mother, her_entries, her_money, her_payout, her_payouts
from orders.money.selectors.payouts import entries_label
from orders.money.services.payouts import PayoutError, problem_report, receipt_confirm

ENTRIES_PER_PAGE = 30


def _not_mother(request: HttpRequest) -> HttpResponse:
    return render(request, "orders/mother/not_mother.html", status=403)


@require_safe
@login_required
def work_money(request: HttpRequest) -> HttpResponse:
    if not ever_mother(request.user):
        return _not_mother(request)
    return _money_page(request)


def _money_page(request, *, status: int = 200, bound=None) -> HttpResponse:
    """Her money; ``bound`` is the (payout id, problem form) just refused, shown again at its
    payout with its message."""
    entries = Paginator(her_entries(user=request.user), ENTRIES_PER_PAGE)
    page = entries.get_page(request.GET.get("page"))
    page.object_list = entries_label(page.object_list)
    payouts = her_payouts(user=request.user)
    for payout in payouts:
        payout.problem_form = ProblemForm(prefix=f"p{payout.pk}")
        if bound is not None and bound[0] == payout.pk:
            payout.problem_form, bound = bound[1], None
    if bound is not None:  # an older payout, not among those shown
        messages.error(request, " ".join(bound[1].errors["problem"]))
    context = {
        "moneys": her_money(user=request.user),
        "payouts": payouts,
        "page_obj": page,
    }
    return render(request, "orders/mother/money.html", context, status=status)


def _her_payout_or_404(request: HttpRequest, payout_id: int) -> Payout:
    payout = her_payout(user=request.user, payout_id=payout_id)
    if payout is None:
        raise Http404
    return payout


def _back(payout: Payout) -> HttpResponse:
    return redirect(reverse("work_money") + f"#payout-{payout.pk}")


@require_POST
@login_required
def payout_received(request: HttpRequest, payout_id: int) -> HttpResponse:
    """She says the money arrived."""
    payout = _her_payout_or_404(request, payout_id)
    if receipt_confirm(payout=payout):
        messages.success(request, _("Thank you: you confirmed that the money arrived."))
    elif payout.status != PayoutStatus.PAID:
        messages.error(
            request,
            _("This payout is not marked as paid yet: confirm it once the money has arrived."),
        )
    else:
        messages.info(request, _("You had already confirmed this payout."))
    return _back(payout)


@require_POST
@login_required
def payout_problem(request: HttpRequest, payout_id: int) -> HttpResponse:
    """She tells her coordinator what is wrong with a payout (the coordinator sees it on the
    run's page)."""
    payout = _her_payout_or_404(request, payout_id)
    form = ProblemForm(request.POST, prefix=f"p{payout.pk}")
    if form.is_valid():
        try:
            problem_report(payout=payout, problem=form.cleaned_data["problem"])
        except PayoutError as error:
            form.add_error("problem", error.message)
    if form.errors:
        return _money_page(request, status=400, bound=(payout.pk, form))
    messages.success(request, _("Your coordinator will see the problem you reported."))
    return _back(payout)
