"""Writes of job wishes and recommendations; the views call these, nothing else writes."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from orders.models import Skill
from station.matching.exceptions import AlreadyRecommended, NotAFit
from station.matching.rules import fits
from station.models import Area, Outcome, Position, Recommendation, Registration

FIELDS = (
    "name",
    "phone",
    "earliest_start",
    "latest_finish",
    "days",
    "needs_bus",
    "needs_childcare",
    "note",
)


@transaction.atomic
def registration_save(
    *,
    user,
    registration: Registration | None,
    areas: Iterable[Area],
    skills: Iterable[Skill],
    consent: bool,
    **fields,
) -> Registration:
    """Creates her open registration, or changes it. Consent is stamped when given and
    cleared when withdrawn, so the staff's lists drop her at once."""
    registration = registration or Registration(user=user)
    for name in FIELDS:
        setattr(registration, name, fields[name])
    if consent and not registration.consent:
        registration.consent_at = timezone.now()
    if not consent:
        registration.consent_at = None
    registration.consent = consent
    registration.save()
    registration.areas.set(areas)
    registration.skills.set(skills)
    return registration


def registration_close(*, registration: Registration) -> None:
    Registration.objects.filter(pk=registration.pk, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )


def recommendation_create(
    *, registration: Registration, position: Position, by, note: str = ""
) -> Recommendation:
    if not fits(position=position, registration=registration):
        raise NotAFit
    try:
        with transaction.atomic():
            return Recommendation.objects.create(
                registration=registration, position=position, recommended_by=by, note=note
            )
    except IntegrityError as error:
        raise AlreadyRecommended from error


def recommendation_outcome_set(*, recommendation: Recommendation, outcome: Outcome) -> None:
    recommendation.outcome = outcome
    recommendation.outcome_at = timezone.now()
    recommendation.save(update_fields=["outcome", "outcome_at"])
