"""Writes of rights help: a request as she sends it, and its status as the federation's staff
move it along (one guarded transition)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from station.models import RightsRequest, RightsStatus

S = RightsStatus
# Closed can be opened again: she may call back about the same matter.
ALLOWED = {
    S.NEW: {S.IN_PROGRESS, S.ANSWERED, S.CLOSED},
    S.IN_PROGRESS: {S.ANSWERED, S.CLOSED},
    S.ANSWERED: {S.IN_PROGRESS, S.CLOSED},
    S.CLOSED: {S.IN_PROGRESS},
}


class InvalidRightsTransition(Exception):
    message = _("That status cannot follow the request's present one.")


@transaction.atomic
def rights_request_create(
    *, name: str, phone: str, topic: str, what_happened: str, consent: bool, language: str
) -> RightsRequest:
    from station.rights.notify import rights_request_notify

    request = RightsRequest.objects.create(
        name=name,
        phone=phone,
        topic=topic,
        what_happened=what_happened,
        consent=consent,
        language=language,
    )
    rights_request_notify(request)
    return request


@transaction.atomic
def rights_request_update(*, request_id: int, status: str, note: str, by) -> RightsRequest:
    """Moves the request to ``status`` (or keeps it) and keeps the staff note. The row is
    locked so two staff saving at once take turns, and each checks the status she sees."""
    request = RightsRequest.objects.select_for_update().get(pk=request_id)
    if status != request.status and status not in ALLOWED[RightsStatus(request.status)]:
        raise InvalidRightsTransition
    request.status = status
    request.note = note
    request.handled_by = by
    request.save(update_fields=["status", "note", "handled_by", "updated_at"])
    return request
