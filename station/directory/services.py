"""Writes of the directory: an employer's own staff keeping a position current."""

from django.db import transaction

from station.directory.forms import PositionKeepForm
from station.models import Position


@transaction.atomic
def position_keep(*, position: Position, changes: dict) -> Position:
    """Saves the fields an employer's staff may change (PositionKeepForm's), nothing else.
    The caller has checked she is staff of the position's employer (positions_kept_by)."""
    allowed = set(PositionKeepForm.Meta.fields)
    for name, value in changes.items():
        if name in allowed:
            setattr(position, name, value)
    position.full_clean()
    position.save(update_fields=[*allowed & changes.keys(), "updated_at"])
    return position
