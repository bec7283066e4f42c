"""What the station's matching pages read. Every query of personal data is scoped here: a
registration reaches the staff of the areas she chose, only with her consent and while open."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from orders.models import MemberSkill, Skill
from station.matching.rules import fits
from station.models import Area, Position, Recommendation, Registration, StationStaff


def registration_open_for(*, user) -> Registration | None:
    return (
        Registration.objects.filter(user=user, closed_at__isnull=True)
        .prefetch_related("areas", "skills")
        .first()
    )


def skills_held(*, user) -> QuerySet[Skill]:
    """The skills she holds in any cooperative: preselected on her first registration."""
    held = MemberSkill.objects.filter(membership__user=user).values("skill")
    return Skill.objects.filter(pk__in=held)


def staff_area_ids(*, user) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(StationStaff.objects.filter(user=user).values_list("area_id", flat=True))


def _visible_registrations(area_ids: list[int]) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(areas__in=area_ids, consent=True, closed_at__isnull=True)
        .distinct()
        .prefetch_related("areas", "skills")
        .order_by("created_at", "pk")
    )


def _open_positions(area_ids: list[int]) -> QuerySet[Position]:
    return (
        Position.objects.filter(area__in=area_ids, is_open=True)
        .select_related("employer", "area")
        .prefetch_related("skills")
        .order_by("employer__name", "title", "pk")
    )


@dataclass
class Desk:
    areas: list[Area]
    registrations: list[tuple[Registration, list[Position]]]
    positions: list[tuple[Position, list[Registration]]]
    without_consent: int


def desk_for(*, user) -> Desk | None:
    """The staff's matching lists for their areas, or None for anyone who is not staff."""
    area_ids = staff_area_ids(user=user)
    if not area_ids:
        return None
    registrations = list(_visible_registrations(area_ids))
    positions = list(_open_positions(area_ids))
    pairs = {
        (r.pk, p.pk) for r in registrations for p in positions if fits(position=p, registration=r)
    }
    return Desk(
        areas=list(Area.objects.filter(pk__in=area_ids)),
        registrations=[(r, [p for p in positions if (r.pk, p.pk) in pairs]) for r in registrations],
        positions=[(p, [r for r in registrations if (r.pk, p.pk) in pairs]) for p in positions],
        without_consent=Registration.objects.filter(
            areas__in=area_ids, consent=False, closed_at__isnull=True
        )
        .distinct()
        .count(),
    )


def registration_for_staff(*, user, registration_id: int) -> Registration | None:
    area_ids = staff_area_ids(user=user)
    recommendations = Recommendation.objects.select_related("position__employer", "recommended_by")
    return (
        _visible_registrations(area_ids)
        .prefetch_related(Prefetch("recommendations", queryset=recommendations))
        .filter(pk=registration_id)
        .first()
    )


def fitting_positions(*, user, registration: Registration) -> list[Position]:
    positions = _open_positions(staff_area_ids(user=user))
    return [p for p in positions if fits(position=p, registration=registration)]


def recommendation_for_staff(*, user, recommendation_id: int) -> Recommendation | None:
    """A recommendation whose registration the staff still sees (open, consented, her area)."""
    visible = _visible_registrations(staff_area_ids(user=user)).values("pk")
    return (
        Recommendation.objects.filter(pk=recommendation_id, registration__in=visible)
        .select_related("registration", "position")
        .first()
    )
