"""The coordinator's payouts at /co/payouts/ (结算): her runs, a run's preview and start, one
run with its payouts (offline payments recorded, failures reversed, Stripe payouts resumed),
its payroll file, and one mother's statement, adjustments and payout details.

Every read goes through orders.money.selectors.payouts, scoped by her cooperatives, so another
cooperative's run, payout or mother is a 404 whatever its id; every write goes through the
services, which judge it again against the ledger as it is now.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marketplace.coordinator_views import coordinator_required
from marketplace.exceptions import BusyTryAgain
from marketplace.models import Membership
from marketplace.money import money_text, signed_money_text
from marketplace.selectors import coordinator_cooperatives
from marketplace.stripe_gateway import GatewayError
from orders import spreadsheets
from orders.models import PayoutRun, PayoutStatus, PreparedKind, Rail, RunStatus
from orders.money import exports as payout_exports
from orders.money.forms import (
    AdjustmentForm,
    FailForm,
    HolderConfirmForm,
    PayoutDetailsForm,
    ReferenceForm,
    RunForm,
    StartForm,
)
from orders.money.selectors.payouts import (
    Progress,
    entries_label,
    ledger_of_mother,
    mother_for_payouts,
    payout_for_coordinator,
    payouts_of_run,
    payouts_of_run_stream,
    run_failure,
    run_for_coordinator,
    runs_for_coordinator,
)
from orders.money.services.ledger import AdjustmentRefused, adjustment_record, balance_parts
from orders.money.services.payout_profiles import (
    HolderNotDifferent,
    payout_holder_confirm,
    payout_profile_of,
    payout_profile_update,
    stripe_onboarding_link,
)
from orders.money.services.payouts import (
    PayoutError,
    offline_paid,
    payout_fail,
    payout_preview,
    run_settle,
    run_start,
)
from orders.money.services.payroll_file import payroll_title
from orders.money.services.prepared import prepared_file_start
from orders.money.tasks import payout_run_execute_task

RUNS_PER_PAGE = 30
ENTRIES_PER_PAGE = 30


def _cooperatives(request: HttpRequest):
    return coordinator_cooperatives(request.user).order_by("name", "pk")


def _run_or_404(request: HttpRequest, run_id: int) -> PayoutRun:
    run = run_for_coordinator(user=request.user, run_id=run_id)
    if run is None:
        raise Http404
    return run


def _mother_or_404(request: HttpRequest, membership_id: int) -> Membership:
    mother = mother_for_payouts(user=request.user, membership_id=membership_id)
    if mother is None:
        raise Http404
    return mother


def _pay(request: HttpRequest, run: PayoutRun) -> bool:
    """Pay the run's Stripe payouts: at once in the demo, on a worker in production (whose
    failure the run's page shows, run_failure). Run at once, a failure is said now."""
    result = payout_run_execute_task.enqueue(run_id=run.pk)
    if result.status == TaskResultStatus.FAILED:
        error = result.errors[-1].traceback.strip().splitlines()[-1][:200]
        messages.error(request, failure_text(error))
        return False
    return True


def failure_text(error: str) -> str:
    return _("The payment did not finish: %(error)s Please try again.") % {"error": error}


# Her runs and a new one ------------------------------------------------------------------


@require_safe
@coordinator_required
def run_list(request: HttpRequest) -> HttpResponse:
    cooperatives = _cooperatives(request)
    runs = runs_for_coordinator(user=request.user)
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    form = RunForm(cooperatives=cooperatives, initial={"cutoff": timezone.localdate()})
    return render(
        request,
        "orders/coordinator/payouts/list.html",
        {"page_obj": page, "form": form, "several": form.several},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def run_preview(request: HttpRequest) -> HttpResponse:
    """GET: who would be paid how much, up to which moment. POST (the confirmation, with
    that moment and the fingerprint of what she saw): start the run and pay it, then to the
    run's page."""
    cooperatives = _cooperatives(request)
    if request.method == "POST":
        return _start(request, cooperatives)
    data = request.GET.copy()
    if len(cooperatives) == 1 and not data.get("cooperative"):
        data["cooperative"] = str(cooperatives[0].pk)
    if not data.get("cutoff"):
        data["cutoff"] = timezone.localdate().isoformat()
    form = RunForm(data, cooperatives=cooperatives)
    if not form.is_valid():
        return _preview_page(request, form, status=400)
    return _preview_page(request, form)


def _start(request: HttpRequest, cooperatives) -> HttpResponse:
    form = StartForm(request.POST, cooperatives=cooperatives)
    if not form.is_valid():
        refused = next(iter(form.errors.values()))[0]
        today = RunForm(cooperatives=cooperatives, initial={"cutoff": timezone.localdate()})
        return _preview_page(request, today, status=400, refused=refused)
    data = form.cleaned_data
    try:
        run = run_start(
            cooperative=data["cooperative"],
            cutoff=form.moment(),
            actor=request.user,
            expected=data["expected"],
            holders_confirmed=data["holders"],
        )
    except (PayoutError, BusyTryAgain) as error:
        return _preview_page(request, form, status=409, refused=error.message)
    _pay(request, run)
    count = run.payouts.count()
    messages.success(
        request,
        ngettext(
            "The payout run is started: %(count)d mother, %(total)s in all.",
            "The payout run is started: %(count)d mothers, %(total)s in all.",
            count,
        )
        % {"count": count, "total": money_text(run.total, run.currency)},
    )
    _say_what_came_since(request, run)
    return redirect("co_payout_run", run.pk)


def _say_what_came_since(request: HttpRequest, run: PayoutRun) -> None:
    """The run paid what her preview showed; work recorded after it waits for the next run,
    and she should know it is there."""
    since = payout_preview(cooperative=run.cooperative).total
    if since > 0:
        messages.info(
            request,
            _("%(total)s more was recorded after your preview: preview again to pay it.")
            % {"total": money_text(since, run.currency)},
        )


def _preview_page(request, form, *, status: int = 200, refused: str = "") -> HttpResponse:
    """The preview of a valid form (recomputed: balances may have moved since), or the
    form's errors; ``refused`` is why the run could not start. Below it, a form to preview
    another day (or cooperative)."""
    context = {"form": form, "several": form.several, "refused": refused}
    if form.is_valid():
        cooperative = form.cleaned_data["cooperative"]
        try:
            preview = payout_preview(cooperative=cooperative, cutoff=form.moment())
        except PayoutError as error:
            form.add_error("cutoff", error.message)
            return _preview_page(request, form, status=400)
        context |= {
            "preview": preview,
            "cooperative": cooperative,
            "last_run": PayoutRun.objects.filter(cooperative=cooperative).first(),
        }
        if isinstance(form, StartForm):
            initial = {"cooperative": cooperative.pk, "cutoff": timezone.localdate()}
            context["form"] = RunForm(
                cooperatives=form.fields["cooperative"].queryset, initial=initial
            )
    return render(request, "orders/coordinator/payouts/preview.html", context, status=status)


# One run -------------------------------------------------------------------------------


@require_safe
@coordinator_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    return _run_page(request, _run_or_404(request, run_id))


def _run_page(request, run, *, status: int = 200, bound=None, refused: str = "") -> HttpResponse:
    """The run with each payout; ``bound`` is the (payout id, form) just refused, shown
    again with its message at its payout; ``refused`` is why, said on top too (the form may
    no longer be shown)."""
    payouts = payouts_of_run(run)
    for payout in payouts:
        prefix = f"p{payout.pk}"
        payout.reference_form = ReferenceForm(prefix=prefix)
        payout.fail_form = FailForm(prefix=prefix)
        payout.can_record = payout.rail == Rail.OFFLINE and payout.status == PayoutStatus.PENDING
        payout.can_fail = payout.rail == Rail.OFFLINE and payout.status != PayoutStatus.FAILED
        if bound is not None and bound[0] == payout.pk:
            name = "reference_form" if isinstance(bound[1], ReferenceForm) else "fail_form"
            setattr(payout, name, bound[1])
    context = {
        "run": run,
        "payouts": payouts,
        "progress": Progress.of(payouts),
        "refused": refused,
        "failure": run_failure(run),
    }
    return render(request, "orders/coordinator/payouts/run.html", context, status=status)


@require_POST
@coordinator_required
def run_resume(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_or_404(request, run_id)
    if not _pay(request, run):
        return redirect("co_payout_run", run.pk)
    run.refresh_from_db()
    if run.status == RunStatus.RUNNING:
        messages.info(
            request,
            _(
                "Stripe transfers are still waiting: they are being paid, or Stripe is out of "
                "reach. Reload this page to see; try again later if nothing moves. No payout "
                "is ever made twice."
            ),
        )
    else:
        messages.success(request, _("Every Stripe transfer of this run is made."))
    return redirect("co_payout_run", run.pk)


def _payout_or_404(request: HttpRequest, run_id: int, payout_id: int):
    payout = payout_for_coordinator(user=request.user, run_id=run_id, payout_id=payout_id)
    if payout is None:
        raise Http404
    return payout


@require_POST
@coordinator_required
def payout_paid(request: HttpRequest, run_id: int, payout_id: int) -> HttpResponse:
    """She paid an offline payout: its reference is recorded and the payout is paid."""
    payout = _payout_or_404(request, run_id, payout_id)
    form = ReferenceForm(request.POST, prefix=f"p{payout.pk}")
    if not form.is_valid():
        return _run_page(request, payout.run, status=400, bound=(payout.pk, form))
    try:
        offline_paid(payout=payout, reference=form.cleaned_data["reference"], actor=request.user)
    except PayoutError as error:
        form.add_error("reference", error.message)
        return _run_page(
            request, payout.run, status=409, bound=(payout.pk, form), refused=error.message
        )
    messages.success(
        request,
        _("Recorded: %(amount)s paid to %(name)s.")
        % {"amount": money_text(payout.amount, payout.currency), "name": payout.mother.person_name},
    )
    return redirect(reverse("co_payout_run", args=[run_id]) + f"#payout-{payout.pk}")


@require_POST
@coordinator_required
def payout_failed(request: HttpRequest, run_id: int, payout_id: int) -> HttpResponse:
    """An offline payment did not reach her: the payout fails and its amount goes back to
    her balance (a reversal entry), for the next run to pay."""
    payout = _payout_or_404(request, run_id, payout_id)
    form = FailForm(request.POST, prefix=f"p{payout.pk}")
    if not form.is_valid():
        return _run_page(request, payout.run, status=400, bound=(payout.pk, form))
    if payout.rail != Rail.OFFLINE:
        refused = _("Stripe reports its own failed transfers.")
        return _run_page(request, payout.run, status=409, refused=refused)
    if not payout_fail(payout=payout, why=form.cleaned_data["why"], actor=request.user):
        messages.info(request, _("This payout was already marked as failed."))
        return redirect("co_payout_run", run_id)
    run_settle(payout.run)
    messages.success(
        request,
        _("Marked as failed: %(amount)s is back in %(name)s's balance; the next run pays it.")
        % {"amount": money_text(payout.amount, payout.currency), "name": payout.mother.person_name},
    )
    return redirect(reverse("co_payout_run", args=[run_id]) + f"#payout-{payout.pk}")


@require_safe
@coordinator_required
def run_export(request: HttpRequest, run_id: int, format: str) -> HttpResponse:
    run = _run_or_404(request, run_id)
    return spreadsheets.download(
        payout_exports.header(),
        payout_exports.rows(payouts_of_run_stream(run)),
        fmt=format,
        filename=payout_exports.filename(run, format),
        title=payroll_title(run),
        widths=payout_exports.WIDTHS,
    )


@require_POST
@coordinator_required
def run_export_prepare(request: HttpRequest, run_id: int) -> HttpResponse:
    """Start the run's payroll file in Excel on a worker (or find it in the making): its page
    shows the progress, then the download."""
    run = _run_or_404(request, run_id)
    prepared = prepared_file_start(
        kind=PreparedKind.PAYROLL_XLSX,
        cooperative=run.cooperative,
        params={"run_id": run.pk, "language": get_language()},
        asker=request.user,
    )
    return redirect("prepared_page", prepared.pk)


# One mother: her statement, adjustments, payout details ------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def mother_ledger(request: HttpRequest, membership_id: int) -> HttpResponse:
    mother = _mother_or_404(request, membership_id)
    if request.method != "POST":
        return _ledger_page(request, mother, AdjustmentForm())
    form = AdjustmentForm(request.POST)
    if not form.is_valid():
        return _ledger_page(request, mother, form, status=400)
    try:
        entry = adjustment_record(
            mother=mother,
            amount=form.cleaned_data["amount"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except (AdjustmentRefused, BusyTryAgain) as error:
        form.add_error(None, error.message)
        return _ledger_page(request, mother, form, status=409)
    messages.success(
        request,
        _("Recorded: %(amount)s for %(name)s.")
        % {"amount": signed_money_text(entry.amount, entry.currency), "name": mother.person_name},
    )
    return redirect("co_mother_ledger", mother.pk)


def _ledger_page(request, mother, form, *, status: int = 200) -> HttpResponse:
    entries = ledger_of_mother(mother)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = entries_label(page.object_list)
    context = {
        "mother": mother,
        "parts": balance_parts(entries),
        "page_obj": page,
        "form": form,
        "profile": payout_profile_of(mother),
        "holder_form": HolderConfirmForm(),
    }
    return render(request, "orders/coordinator/payouts/mother.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def payout_details(request: HttpRequest, membership_id: int) -> HttpResponse:
    mother = _mother_or_404(request, membership_id)
    profile = payout_profile_of(mother)
    data = request.POST if request.method == "POST" else None
    form = PayoutDetailsForm(data, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            payout_profile_update(membership=mother, **form.cleaned_data)
            messages.success(request, _("Her payout details are saved."))
            return redirect("co_payout_details", mother.pk)
        status = 400
    else:
        status = 200
    context = {
        "mother": mother,
        "profile": payout_profile_of(mother),
        "form": form,
        "holder_form": HolderConfirmForm(),
    }
    return render(request, "orders/coordinator/payouts/details.html", context, status=status)


@require_POST
@coordinator_required
def holder_confirm(request: HttpRequest, membership_id: int) -> HttpResponse:
    """She vouches that the account in someone else's name is right for this mother."""
    mother = _mother_or_404(request, membership_id)
    form = HolderConfirmForm(request.POST)
    back = _back(request, default=reverse("co_payout_details", args=[mother.pk]))
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return HttpResponseRedirect(back)
    try:
        payout_holder_confirm(membership=mother, actor=request.user)
    except HolderNotDifferent as error:
        messages.info(request, error.message)
        return HttpResponseRedirect(back)
    messages.success(
        request,
        _("Confirmed: %(name)s is paid to this account.") % {"name": mother.person_name},
    )
    return HttpResponseRedirect(back)


def _back(request: HttpRequest, *, default: str) -> str:
    """Where the form came from, when that is one of our own pages."""
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) and url[:1] == "/":
        return url
    return default


@require_POST
@coordinator_required
def stripe_setup(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Her Stripe account (created once) and on to Stripe's onboarding, which comes back to
    her details page."""
    mother = _mother_or_404(request, membership_id)
    here = request.build_absolute_uri(reverse("co_payout_details", args=[mother.pk]))
    try:
        link = stripe_onboarding_link(membership=mother, refresh_url=here, return_url=here)
    except GatewayError:
        messages.error(request, _("Stripe cannot be reached; try again later."))
        return redirect("co_payout_details", mother.pk)
    return HttpResponseRedirect(link)
