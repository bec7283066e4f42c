"""The women's federation's read-only overview across every cooperative (/federation/):
aggregates only. Whoever holds ``orders.view_federation`` (the group "妇联 / Women's
federation", and superusers) may read it; anyone else signed in gets 403, a visitor the
sign-in page."""

import datetime
from functools import wraps

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from marketplace.widgets import DateInput
from orders import spreadsheets
from orders.dates import DateRange
from orders.fairwork.selectors.federation import fair_rates_overview
from orders.fairwork.selectors.reported import federation_hours
from orders.reporting.cells import SMALLEST_GROUP, federation_overview
from orders.reporting.charts import bar_chart
from orders.reporting.exports import federation as federation_exports
from orders.reporting.selectors.federation import Overview, default_span
from station.matching.coverage import station_coverage
from station.training.selectors import training_by_month

# A range longer than this is surely a slip (and would make a chart of unreadable bars).
LONGEST_RANGE = datetime.timedelta(days=366 * 5)
EARLIEST = datetime.date(2000, 1, 1)


class RangeForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput)
    end = forms.DateField(label=gettext_lazy("To"), widget=DateInput)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The range must start on or before its end."))
            if start < EARLIEST or end - start > LONGEST_RANGE:
                raise forms.ValidationError(_("Choose a range of at most five years."))
        return data


def _span(request: HttpRequest) -> tuple[RangeForm, DateRange]:
    """The range asked for, or the default (this month so far and the eleven before it) when
    none or a bad one was asked for (the form then says why)."""
    fallback = default_span()
    if not request.GET:
        return RangeForm(initial={"start": fallback.start, "end": fallback.end}), fallback
    form = RangeForm(request.GET)
    if form.is_valid():
        return form, DateRange(form.cleaned_data["start"], form.cleaned_data["end"])
    return form, fallback


def federation_required(view):
    @wraps(view)
    @login_required
    @permission_required("orders.view_federation", raise_exception=True)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return view(request, *args, **kwargs)

    return checked


@require_safe
@federation_required
def federation(request: HttpRequest) -> HttpResponse:
    form, span = _span(request)
    overview = federation_overview(span)
    return render(
        request,
        "orders/federation.html",
        {
            "form": form,
            "overview": overview,
            "chart": _chart(overview),
            "smallest_group": SMALLEST_GROUP,
            "range_query": f"start={span.start.isoformat()}&end={span.end.isoformat()}",
            "hours": federation_hours(span),
            "fair_rates": fair_rates_overview(span),
            "training": training_by_month(span),
            "station_coverage": station_coverage(span),
        },
    )


def _chart(overview: Overview):
    # A hidden month is a gap, not a zero: no bar.
    points = [
        (month.label, None if month.hidden else month.per_mother) for month in overview.months
    ]
    return bar_chart(points, title=_("Earnings per active mother, by month"), unit="¥")


@require_safe
@federation_required
def federation_export(request: HttpRequest, format: str) -> HttpResponse:  # noqa: A002
    _form, span = _span(request)
    overview = federation_overview(span)
    return spreadsheets.download(
        federation_exports.header(),
        federation_exports.rows(overview),
        fmt=format,
        filename=federation_exports.filename(overview, format),
        title=_("Federation overview"),
        widths=federation_exports.WIDTHS,
    )
