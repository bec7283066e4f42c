"""She says how long one of her handovers took (POST /work/handovers/<id>/time/), from the
claim page where she sees it. Anyone else's handover is a 404; bad input a translated
message, with nothing changed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.exceptions import MarketError
from marketplace.selectors import mother_memberships
from orders.fairwork.forms.reported import TimeReportForm
from orders.fairwork.services.reported import handover_time_report
from orders.models import Handover
from orders.templatetags.hours_tags import reported_time


@require_POST
@login_required
def work_handover_time(request: HttpRequest, handover_id: int) -> HttpResponse:
    handover = (
        Handover.objects.filter(
            pk=handover_id, claim__mother__in=mother_memberships(request.user, former_too=True)
        )
        .select_related("claim__mother")
        .first()
    )
    if handover is None:
        raise Http404
    form = TimeReportForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return _back(handover)
    try:
        handover_time_report(
            handover=handover, user=request.user, minutes=form.cleaned_data["minutes"]
        )
    except MarketError as error:
        messages.error(request, error.message)
        return _back(handover)
    messages.success(request, _said(handover.minutes_reported))
    return _back(handover)


def _said(minutes: int | None) -> str:
    if minutes is None:
        return _("Taken back: this handover no longer counts in your hourly pay.")
    return _("Noted: %(time)s. Only you see it.") % {"time": reported_time(minutes)}


def _back(handover: Handover) -> HttpResponse:
    response = redirect("work_claim", handover.claim_id)
    response["Location"] += f"#handover-{handover.pk}"
    return response
