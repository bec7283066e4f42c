"""The coordinator dashboard: her cooperative's production, mothers, quality and money over
a range of China dates, with charts and every table as CSV or XLSX.

Every read is scoped by the cooperatives she coordinates: another cooperative, or a mother
of another cooperative, is simply not found.
"""

import datetime

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from marketplace.coordinator_views import coordinator_required
from marketplace.selectors import coordinated_mothers, coordinator_cooperatives
from orders import spreadsheets
from orders.dates import DateRange
from orders.fairwork.selectors.reported import cooperative_spreads
from orders.reporting.cells import SMALLEST_GROUP
from orders.reporting.charts import bar_chart, line_chart
from orders.reporting.exports import dashboard as dashboard_exports
from orders.reporting.selectors import dashboard

DEFAULT_DAYS = 30
# Mothers' rows on one page of the dashboard (a cooperative may have hundreds; the export
# has them all).
MOTHERS_PER_PAGE = 50
TABLES = {
    "orders": dashboard_exports.orders_table,
    "mothers": dashboard_exports.mothers_table,
    "rejections": dashboard_exports.rejections_table,
    "products": dashboard_exports.products_table,
    "weeks": dashboard_exports.weeks_table,
    "money": dashboard_exports.money_table,
}


def range_parse(data, *, today: datetime.date) -> tuple[DateRange, list[str]]:
    """The range asked for in ``from``/``to`` (YYYY-MM-DD), and what was wrong with it.

    Default: the last 30 days ending today. An end in the future is clipped to today; a bad
    date, an end before the start or more than three years fall back to the default."""
    default = DateRange(today - datetime.timedelta(days=DEFAULT_DAYS - 1), today)
    raw_from, raw_to = data.get("from", "").strip(), data.get("to", "").strip()
    try:
        end = datetime.date.fromisoformat(raw_to) if raw_to else today
        start = datetime.date.fromisoformat(raw_from) if raw_from else default.start
    except ValueError:
        return default, [_("Write dates as YYYY-MM-DD. Showing the last 30 days instead.")]
    end = min(end, today)
    if start > end:
        return default, [
            _(
                "The start must be on or before the end (and not in the future). "
                "Showing the last 30 days instead."
            )
        ]
    if start < _years_before(end, 3):
        return default, [_("Choose at most three years. Showing the last 30 days instead.")]
    return DateRange(start, end), []


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _scope(request: HttpRequest):
    """Her cooperatives, the one asked for (else the first), the range and its problems."""
    cooperatives = list(coordinator_cooperatives(request.user).order_by("name", "pk"))
    wanted = request.GET.get("cooperative", "")
    cooperative = next((c for c in cooperatives if str(c.pk) == wanted), cooperatives[0])
    rng, problems = range_parse(request.GET, today=timezone.localdate())
    return cooperatives, cooperative, rng, problems


def _query(cooperative, rng) -> str:
    return f"from={rng.start.isoformat()}&to={rng.end.isoformat()}&cooperative={cooperative.pk}"


@require_safe
@coordinator_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    cooperatives, cooperative, rng, problems = _scope(request)
    today = timezone.localdate()
    sort = request.GET.get("sort", "name")
    sort = sort if sort.removeprefix("-") in dashboard.MOTHER_SORTS else "name"
    orders = dashboard.order_rows(cooperative=cooperative, rng=rng)
    weeks = dashboard.quality_weeks(cooperative=cooperative, rng=rng)
    months = dashboard.money_months(cooperative=cooperative, rng=rng)
    reasons = dashboard.rejections_by_reason(cooperative=cooperative, rng=rng)
    return render(
        request,
        "orders/dashboard/dashboard.html",
        {
            "cooperatives": cooperatives,
            "cooperative": cooperative,
            "rng": rng,
            "problems": problems,
            "query": _query(cooperative, rng),
            "sort": sort,
            "orders": [(row, row.state(today)) for row in orders],
            "mothers": _mothers_page(request, cooperative=cooperative, rng=rng, sort=sort),
            "mothers_query": f"{_query(cooperative, rng)}&sort={sort}",
            "reasons": reasons,
            "products": dashboard.rejections_by_product(cooperative=cooperative, rng=rng),
            "weeks": weeks,
            "months": months,
            "headline": dashboard.headline(months),
            "output_chart": _output_chart(weeks),
            "money_chart": _money_chart(months),
            "reasons_chart": bar_chart(
                [(r.display_name, r.pieces) for r in reasons],
                title=_("Rejections by reason"),
                unit=_("pieces"),
            ),
            "mother_columns": _mother_columns(),
            **_hours(cooperative, rng),
        },
    )


def _hours(cooperative, rng) -> dict:
    """The reported pay per hour section (orders/fairwork/selectors/reported.py)."""
    by_order, by_product, minimum = cooperative_spreads(cooperative=cooperative, rng=rng)
    return {
        "hours_tables": [(_("Per order"), by_order, True), (_("Per product"), by_product, False)],
        "hours_minimum": minimum,
        "smallest_group": SMALLEST_GROUP,
    }


def _mothers_page(request: HttpRequest, *, cooperative, rng, sort: str) -> Page:
    """One page of the mothers' table, sorted over all of them. A page number that is not
    one gives the first page, one past the end the last (Django's ``get_page``)."""
    rows = dashboard.mother_rows(cooperative=cooperative, rng=rng, sort=sort)
    return Paginator(rows, MOTHERS_PER_PAGE).get_page(request.GET.get("page"))


def _mother_columns() -> list[tuple[str, str]]:
    return [
        ("name", _("Mother")),
        ("accepted", _("Pieces accepted")),
        ("acceptance", _("Acceptance rate")),
        ("on_time", _("On time")),
        ("earned", _("Earned")),
        ("paid", _("Paid")),
        ("balance", _("Balance")),
        ("days", _("Active days")),
    ]


def _output_chart(weeks):
    return bar_chart(
        [(week.strftime("%m-%d"), accepted) for week, _inspected, _rejected, accepted in weeks],
        title=_("Pieces accepted per week"),
        unit=_("pieces"),
    )


def _money_chart(months):
    return line_chart(
        {
            _("Earned"): [(m.month.strftime("%Y-%m"), m.earned) for m in months],
            _("Paid"): [(m.month.strftime("%Y-%m"), m.paid) for m in months],
        },
        title=_("Earnings per month"),
        unit="¥",
    )


@require_safe
@coordinator_required
def mother_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    mother = get_object_or_404(
        coordinated_mothers(request.user).select_related("user", "cooperative"),
        pk=membership_id,
    )
    rng, problems = range_parse(request.GET, today=timezone.localdate())
    weeks = dashboard.mother_weeks(mother=mother, rng=rng)
    months = dashboard.mother_months(mother=mother, rng=rng)
    return render(
        request,
        "orders/dashboard/mother.html",
        {
            "mother": mother,
            "name": mother.person_name,
            "rng": rng,
            "problems": problems,
            "weeks": weeks,
            "months": months,
            "query": f"from={rng.start.isoformat()}&to={rng.end.isoformat()}",
            "weeks_chart": bar_chart(
                [(week.strftime("%m-%d"), accepted) for week, accepted, _rejected in weeks],
                title=_("Pieces accepted per week"),
                unit=_("pieces"),
            ),
            "months_chart": line_chart(
                {
                    _("Earned"): [(m.strftime("%Y-%m"), earned) for m, earned, _paid in months],
                    _("Paid"): [(m.strftime("%Y-%m"), paid) for m, _earned, paid in months],
                },
                title=_("Earnings per month"),
                unit="¥",
            ),
        },
    )


@require_safe
@coordinator_required
def mother_export_view(
    request: HttpRequest, membership_id: int, table: str, fmt: str
) -> HttpResponse:
    """One mother's history tables, as on her page, with the same range."""
    if table not in dashboard_exports.MOTHER_TABLES:
        raise Http404
    mother = get_object_or_404(coordinated_mothers(request.user), pk=membership_id)
    rng, _problems = range_parse(request.GET, today=timezone.localdate())
    header, rows = dashboard_exports.MOTHER_TABLES[table](mother=mother, rng=rng)
    name = f"mother-{mother.pk}-{table}-{rng.start.isoformat()}-{rng.end.isoformat()}.{fmt}"
    return spreadsheets.download(header, rows, fmt=fmt, filename=name, title=table)


@require_safe
@coordinator_required
def export_view(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if table not in TABLES:
        raise Http404
    _cooperatives, cooperative, rng, _problems = _scope(request)
    kwargs = {"cooperative": cooperative, "rng": rng}
    if table == "orders":
        kwargs["today"] = timezone.localdate()
    if table == "mothers":
        kwargs["sort"] = request.GET.get("sort", "name")
    header, rows = TABLES[table](**kwargs)
    name = f"{table}-{cooperative.pk}-{rng.start.isoformat()}-{rng.end.isoformat()}.{fmt}"
    return spreadsheets.download(header, rows, fmt=fmt, filename=name, title=table)
