"""Her job wishes at /station/wishes/ and the station staff's matching desk at /station/desk/.

Anyone who is not station staff of the registration's area gets a 404 on the desk's pages,
whatever the id: coordinators, employers' staff, the federation and strangers alike."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orders import spreadsheets
from station.matching import ledger, selectors, services
from station.matching.exceptions import MatchingError
from station.matching.forms import OutcomeForm, RecommendForm, RegistrationForm
from station.models import Registration


def _initial(request: HttpRequest, registration: Registration | None) -> dict:
    if registration is None:
        user = request.user
        return {
            "name": user.get_full_name() or user.first_name,
            "phone": user.username if user.username.isdigit() else "",
            "skills": list(selectors.skills_held(user=user)),
        }
    return {
        **{name: getattr(registration, name) for name in services.FIELDS},
        "areas": list(registration.areas.all()),
        "skills": list(registration.skills.all()),
        "consent": registration.consent,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def wish(request: HttpRequest) -> HttpResponse:
    registration = selectors.registration_open_for(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = RegistrationForm(data, initial=_initial(request, registration))
    if form.is_valid():
        services.registration_save(
            user=request.user, registration=registration, **form.cleaned_data
        )
        messages.success(request, _("Your registration is saved."))
        return redirect("station_wish")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "registration": registration}
    return render(request, "station/matching/wish.html", context, status=status)


@require_POST
@login_required
def wish_close(request: HttpRequest) -> HttpResponse:
    registration = selectors.registration_open_for(user=request.user)
    if registration is not None:
        services.registration_close(registration=registration)
        messages.success(
            request, _("Your registration is closed. You can register again at any time.")
        )
    return redirect("station_wish")


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    found = selectors.desk_for(user=request.user)
    if found is None:
        raise Http404
    return render(request, "station/matching/desk.html", {"desk": found})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def desk_registration(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = selectors.registration_for_staff(
        user=request.user, registration_id=registration_id
    )
    if registration is None:
        raise Http404
    positions = selectors.fitting_positions(user=request.user, registration=registration)
    form = RecommendForm(request.POST or None, positions=positions)
    if form.is_valid():
        try:
            services.recommendation_create(
                registration=registration,
                position=form.cleaned_data["position"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except MatchingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The recommendation is recorded."))
            return redirect("station_desk_registration", registration.pk)
    context = {
        "registration": registration,
        "positions": positions,
        "form": form,
        "outcome_form": OutcomeForm(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "station/matching/registration.html", context, status=status)


@require_POST
@login_required
def desk_outcome(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    recommendation = selectors.recommendation_for_staff(
        user=request.user, recommendation_id=recommendation_id
    )
    if recommendation is None:
        raise Http404
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.recommendation_outcome_set(
            recommendation=recommendation, outcome=form.cleaned_data["outcome"]
        )
        messages.success(request, _("The outcome is recorded."))
    else:
        messages.error(request, _("Choose one of the outcomes."))
    return redirect("station_desk_registration", recommendation.registration_id)


@login_required
def desk_ledger(request: HttpRequest, fmt: str) -> HttpResponse:
    area_ids = selectors.staff_area_ids(user=request.user)
    if not area_ids:
        raise Http404
    today: datetime.date = timezone.localdate()
    return spreadsheets.download(
        ledger.header(),
        ledger.rows(area_ids=area_ids),
        fmt=fmt,
        filename=f"demand-ledger-{today:%Y-%m-%d}.{fmt}",
        title=_("Demand ledger"),
    )
