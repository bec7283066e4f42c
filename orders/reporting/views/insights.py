"""The mother's "My month" at /work/insights/: her own figures and two small charts, each with
its table; nothing about any other mother."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from orders.fairwork.selectors.reported import her_month_hours
from orders.production.views.work import mother_required
from orders.reporting.charts import bar_chart, line_chart
from orders.reporting.selectors.insights import her_glance, her_months, her_weeks


@require_safe
@mother_required
def work_insights(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    weeks = her_weeks(user=request.user, today=today)
    months = her_months(user=request.user, today=today)
    return render(
        request,
        "orders/mother/insights.html",
        {
            "glance": her_glance(user=request.user, today=today),
            "hours": her_month_hours(user=request.user, today=today),
            "weeks": weeks,
            "months": months,
            "weeks_chart": bar_chart(
                [(f"{monday:%m-%d}", pieces) for monday, pieces in weeks],
                title=_("Pieces accepted per week"),
                unit=_("pieces"),
            ),
            "months_chart": _rate_chart(months),
        },
    )


def _rate_chart(months):
    """Only months with inspected pieces are drawn: an empty month is no 0% rate."""
    points = [(f"{m.month:%Y-%m}", m.percent) for m in months if m.percent is not None]
    title = _("Acceptance rate per month")
    return line_chart({_("Accepted"): points}, title=title, unit="%")
