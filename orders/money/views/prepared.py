"""A prepared file's page (/files/<id>/): "正在生成… 23 / 50" while a worker makes it (the
page asks /files/<id>/status.json every few seconds through static/js/prepared.js, and can be
reloaded by hand without it), then its download; a failed one says so, with a retry.

Only its asker and the coordinators of its cooperative reach it: to anyone else, as to an id
that is nobody's, it is not found.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from orders.models import PreparedFile, PreparedKind, PreparedStatus
from orders.money.pdf import PdfUnavailable
from orders.money.selectors.prepared import prepared_for
from orders.money.services.prepared import prepared_file_retry


def _prepared_or_404(request: HttpRequest, prepared_id: int) -> PreparedFile:
    prepared = prepared_for(user=request.user, prepared_id=prepared_id)
    if prepared is None:
        raise Http404
    return prepared


def _private(response: HttpResponse) -> HttpResponse:
    """Its state and its file are the cooperative's own: no shared cache keeps either."""
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@login_required
def prepared_page(request: HttpRequest, prepared_id: int) -> HttpResponse:
    prepared = _prepared_or_404(request, prepared_id)
    back_url, back_label = _back(prepared)
    context = {
        "prepared": prepared,
        "statuses": PreparedStatus,
        # The script writes the counts it hears into this (same words as the page's own).
        "progress_template": _("Preparing… %(done)s / %(total)s")
        % {"done": "{done}", "total": "{total}"},
        "keep_days": settings.PREPARED_FILES_DAYS,
        "pdf_unavailable": prepared.error.startswith(PdfUnavailable.__name__),
        "back_url": back_url,
        "back_label": back_label,
    }
    return _private(render(request, "orders/prepared/page.html", context))


def _back(prepared: PreparedFile) -> tuple[str, str]:
    """Where the file was asked for, to go back to."""
    if prepared.kind in (PreparedKind.PAYSLIPS_ZIP, PreparedKind.PAYROLL_XLSX):
        url = reverse("co_payout_run", args=[prepared.params["run_id"]])
        return url, _("Back to the payout run")
    return "", ""


@require_safe
@login_required
def prepared_status(request: HttpRequest, prepared_id: int) -> HttpResponse:
    """Its state for the page's script: status, done and total, and the download once ready."""
    prepared = _prepared_or_404(request, prepared_id)
    ready = prepared.status == PreparedStatus.READY
    answer = {
        "status": prepared.status,
        "done": prepared.done,
        "total": prepared.total,
        "download": reverse("prepared_download", args=[prepared.pk]) if ready else None,
    }
    return _private(JsonResponse(answer))


@require_safe
@login_required
def prepared_download(request: HttpRequest, prepared_id: int) -> HttpResponse:
    prepared = _prepared_or_404(request, prepared_id)
    if prepared.status != PreparedStatus.READY or not prepared.file:
        return redirect("prepared_page", prepared.pk)
    try:
        handle = prepared.file.open("rb")
    except FileNotFoundError:  # pruned, or lost with a server's disk: make it again
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=prepared.filename)
    return _private(response)


@require_POST
@login_required
def prepared_retry(request: HttpRequest, prepared_id: int) -> HttpResponse:
    prepared = _prepared_or_404(request, prepared_id)
    again = prepared_file_retry(prepared=prepared, asker=request.user)
    return redirect("prepared_page", again.pk)
