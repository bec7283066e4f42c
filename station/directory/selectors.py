"""Reads of the directory: positions found by the filters, grouped by employer, and the
positions an employer's own staff may keep."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from station.models import Employer, Position

FLEXIBILITY = {
    "starts_late": Q(starts_late=True),
    "leaves_early": Q(leaves_early=True),
    "bus": ~Q(bus_route=""),
    "childcare": Q(holiday_childcare=True),
}


@dataclass
class EmployerListing:
    employer: Employer
    positions: list[Position] = field(default_factory=list)


def positions_listed(filters: dict | None = None) -> QuerySet[Position]:
    """Positions of listed employers matching ``filters`` (PositionFilterForm.filters), with
    what a listing shows, in the directory's order (employer, then title)."""
    filters = filters or {}
    positions = (
        Position.objects.filter(employer__is_listed=True)
        .select_related("employer__area", "area")
        .prefetch_related("skills")
        .order_by("employer__name", "employer_id", "title", "pk")
    )
    return positions.filter(_conditions(filters))


def _conditions(filters: dict) -> Q:
    conditions = Q()
    if text := filters.get("q"):
        conditions &= (
            Q(title__icontains=text)
            | Q(title_en__icontains=text)
            | Q(employer__name__icontains=text)
            | Q(employer__name_en__icontains=text)
            | Q(place__icontains=text)
        )
    if area := filters.get("area"):
        conditions &= Q(area=area) | Q(employer__area=area)
    if ends_by := filters.get("ends_by"):
        conditions &= Q(ends_at__lte=ends_by)
    if starts_after := filters.get("starts_after"):
        conditions &= Q(starts_at__gte=starts_after)
    if flexibility := filters.get("flexibility"):
        conditions &= FLEXIBILITY[flexibility]
    if skill := filters.get("skill"):
        conditions &= Q(skills=skill)
    if filters.get("open_only"):
        conditions &= Q(is_open=True)
    return conditions


def by_employer(positions) -> list[EmployerListing]:
    """The positions under their employers, in the order they come."""
    listings: dict[int, EmployerListing] = {}
    for position in positions:
        listing = listings.setdefault(position.employer_id, EmployerListing(position.employer))
        listing.positions.append(position)
    return list(listings.values())


def directory_version() -> str:
    """Changes whenever a position is changed, added or removed, or an employer (un)listed."""
    state = Position.objects.filter(employer__is_listed=True).aggregate(
        changed=Max("updated_at"), positions=Count("pk"), employers=Count("employer", distinct=True)
    )
    changed = state["changed"].timestamp() if state["changed"] else 0
    return f"{changed:.6f}-{state['positions']}-{state['employers']}"


def employers_listed() -> QuerySet[Employer]:
    """Listed employers, each with ``updated``: when one of its positions last changed."""
    return (
        Employer.objects.filter(is_listed=True)
        .annotate(updated=Max("positions__updated_at"))
        .order_by("name", "pk")
    )


def employer_listed(slug: str) -> Employer | None:
    return Employer.objects.filter(is_listed=True, slug=slug).select_related("area").first()


def positions_kept_by(user) -> QuerySet[Position]:
    """The positions of the employers ``user`` is staff of: the only ones she may change."""
    return (
        Position.objects.filter(employer__staff__user=user)
        .select_related("employer", "area")
        .order_by("employer__name", "title", "pk")
    )
