"""The demand ledger (工作需求台账) of the staff's areas: one row per registration that
consented to be contacted (open or closed), and a last row counting those that did not, who
appear in no row (their data stays theirs)."""

from collections.abc import Iterator

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from marketplace.models.catalogue import display_name_of
from station.models import Outcome, Registration


def header() -> list[str]:
    return [
        _("Registered on"),
        _("Status"),
        _("Name"),
        _("Mobile number"),
        _("Areas"),
        _("Hours"),
        _("Days"),
        _("Skills"),
        _("Needs the bus"),
        _("Needs childcare"),
        _("Recommendations"),
        _("Placed"),
        _("Note"),
    ]


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _row(registration: Registration) -> list:
    return [
        registration.created_at.date(),
        _("closed") if registration.closed_at else _("open"),
        registration.name,
        registration.phone,
        "、".join(display_name_of(a.name, a.name_en) for a in registration.areas.all()),
        f"{registration.earliest_start:%H:%M}–{registration.latest_finish:%H:%M}",
        registration.days,
        "、".join(display_name_of(s.name, s.name_en) for s in registration.skills.all()),
        _yes(registration.needs_bus),
        _yes(registration.needs_childcare),
        registration.recommended,
        _yes(registration.placed > 0),
        registration.note,
    ]


def rows(*, area_ids: list[int]) -> Iterator[list]:
    mine = Registration.objects.filter(
        pk__in=Registration.objects.filter(areas__in=area_ids).values("pk")
    )
    listed = (
        mine.filter(consent=True)
        .annotate(
            recommended=Count("recommendations"),
            placed=Count("recommendations", filter=Q(recommendations__outcome=Outcome.PLACED)),
        )
        .prefetch_related("areas", "skills")
        .order_by("created_at", "pk")
    )
    for registration in listed:
        yield _row(registration)
    unlisted = mine.filter(consent=False).count()
    yield [_("Without consent, not listed: %(count)d") % {"count": unlisted}]
