"""What the federation sees of the station on /federation/ (issue 17 point 5): friendly
employers and open positions, registrations and placements by month and by area.

Aggregates only, under the overview's small-cell rule (orders/reporting/cells.py): a figure
of registrations or placements stands for at least three women, or it is hidden; when the
hidden cells of a table together stand for fewer than three, the smallest shown is hidden too,
so none can be worked out from the total. Employers and positions name no one: shown whole.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from orders.dates import DateRange, local_date, month_first
from orders.reporting.cells import cells_to_hide, too_few
from station.models import Area, Employer, Outcome, Position, Recommendation, Registration


@dataclass
class Cell:
    label: str
    women: frozenset[int] = field(default_factory=frozenset)
    hidden: bool = False

    @property
    def mothers(self) -> int:
        return len(self.women)


@dataclass
class Table:
    cells: list[Cell]
    total: Cell


@dataclass
class AreaOffer:
    area: Area
    employers: int
    open_positions: int
    openings: int


@dataclass
class Coverage:
    employers: int
    open_positions: int
    openings: int
    offers: list[AreaOffer]
    registrations_by_month: Table
    placements_by_month: Table
    registrations_by_area: Table
    placements_by_area: Table


def _women_in(cells: Iterable[Cell]) -> int:
    return len(frozenset().union(*(cell.women for cell in cells)))


def _table(groups: dict, labels: list[tuple]) -> Table:
    """``labels`` are (key, label) in order; ``groups`` the women of each key."""
    cells = [Cell(label, frozenset(groups.get(key, ()))) for key, label in labels]
    for cell in cells_to_hide(cells, women_in=_women_in):
        cell.hidden = True
    total = Cell("", frozenset().union(*groups.values()) if groups else frozenset())
    total.hidden = too_few(total.mothers)
    return Table(cells, total)


def _month(value: datetime.datetime) -> str:
    return f"{month_first(local_date(value)):%Y-%m}"


def _count(queryset, aggregate) -> Subquery:
    """One figure per area as a subquery, so the areas and their offers are one query."""
    figure = queryset.filter(area=OuterRef("pk")).order_by().values("area").annotate(n=aggregate)
    return Coalesce(Subquery(figure.values("n")), 0)


def _offers() -> list[AreaOffer]:
    open_positions = Position.objects.filter(is_open=True, employer__is_listed=True)
    areas = Area.objects.annotate(
        listed=_count(Employer.objects.filter(is_listed=True), Count("pk")),
        open_positions=_count(open_positions, Count("pk")),
        openings=_count(open_positions, Sum("openings")),
    )
    return [AreaOffer(area, area.listed, area.open_positions, area.openings) for area in areas]


def station_coverage(span: DateRange) -> Coverage:
    offers = _offers()
    areas = [offer.area for offer in offers]
    months = [(label, label) for label in (f"{first:%Y-%m}" for first in span.months())]
    area_labels = [(area.pk, area.display_name) for area in areas]
    registered = Registration.areas.through.objects.filter(
        span.q("registration__created_at")
    ).values_list("registration__user_id", "registration__created_at", "area_id")
    placed = Recommendation.objects.filter(
        span.q("outcome_at"), outcome=Outcome.PLACED
    ).values_list("registration__user_id", "outcome_at", "position__area_id")
    return Coverage(
        employers=sum(offer.employers for offer in offers),
        open_positions=sum(offer.open_positions for offer in offers),
        openings=sum(offer.openings for offer in offers),
        offers=offers,
        **_by_month_and_area("registrations", list(registered), months, area_labels),
        **_by_month_and_area("placements", list(placed), months, area_labels),
    )


def _by_month_and_area(name, rows, months, area_labels) -> dict[str, Table]:
    """Each woman counts once in a month or an area, however many registrations she made."""
    by_month: dict[str, set[int]] = defaultdict(set)
    by_area: dict[int, set[int]] = defaultdict(set)
    for user_id, at, area_id in rows:
        by_month[_month(at)].add(user_id)
        by_area[area_id].add(user_id)
    return {
        f"{name}_by_month": _table(by_month, months),
        f"{name}_by_area": _table(by_area, area_labels),
    }
