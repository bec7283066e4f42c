"""Rights help: the public page with its request form (served by RightsPage), and the
federation's staff pages where requests are read and answered (/station/rights/), open only
to holders of ``station.handle_rightsrequest``. Nothing here is cached for anyone else."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from station.models import RIGHTS_PERMISSION, RightsStatus
from station.rights.forms import RightsRequestForm, RightsRequestUpdateForm
from station.rights.selectors import rights_requests
from station.rights.services import (
    InvalidRightsTransition,
    rights_request_create,
    rights_request_update,
)
from station.rights.throttle import rights_request_allowed


def rights_page(request: HttpRequest, page) -> HttpResponse:
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    form = RightsRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not rights_request_allowed(request):
            messages.error(request, _("Too many requests were sent from here. Please call us."))
            return _private(_rendered(request, page, form), status=429)
        if form.is_valid():
            rights_request_create(**form.cleaned_data, language=get_language() or "")
            messages.success(
                request, _("Your request has reached the federation. We will call you back.")
            )
            return redirect(page.url)
    return _private(_rendered(request, page, form))


def _rendered(request: HttpRequest, page, form: RightsRequestForm) -> TemplateResponse:
    context = {**page.get_context(request), "form": form}
    return TemplateResponse(request, page.get_template(request), context)


def _private(response: HttpResponse, *, status: int | None = None) -> HttpResponse:
    if status:
        response.status_code = status
    patch_cache_control(response, private=True, no_store=True)
    return response


def rights_staff(view):
    return login_required(permission_required(RIGHTS_PERMISSION, raise_exception=True)(view))


@rights_staff
@require_safe
def rights_request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in RightsStatus.values else ""
    context = {
        "requests": rights_requests(status)[:200],
        "status": status,
        "statuses": RightsStatus.choices,
    }
    return _private(render(request, "station/rights/request_list.html", context))


@rights_staff
@require_http_methods(["GET", "HEAD", "POST"])
def rights_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    found = rights_requests().filter(pk=request_id).first()
    if found is None:
        raise Http404
    initial = {"status": found.status, "note": found.note}
    form = RightsRequestUpdateForm(
        request.POST or None, initial=initial, choices=RightsStatus.choices
    )
    if request.method == "POST" and form.is_valid():
        try:
            rights_request_update(request_id=found.pk, **form.cleaned_data, by=request.user)
        except InvalidRightsTransition as error:
            form.add_error("status", error.message)
        else:
            messages.success(request, _("The request is updated."))
            return redirect("station_rights_requests")
    context = {"rights_request": found, "form": form}
    return _private(render(request, "station/rights/request_detail.html", context))
