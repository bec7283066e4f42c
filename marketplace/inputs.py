"""What a request brings, made safe before it reaches a query.

Shared by every app (showcase and orders build on marketplace): one place decides how text
typed into a search box and ids chosen in a form are checked, so no page answers a crafted
value with a 500.
"""

import unicodedata

from django import forms
from django.db import connections, models


def search_text(raw: str, *, limit: int) -> str:
    """The words typed in a search box, fit for any query: whitespace collapsed, control
    characters dropped (a NUL among them, which PostgreSQL refuses in text), length capped."""
    words = (
        "".join(ch for ch in word if unicodedata.category(ch)[0] != "C") for word in raw.split()
    )
    return " ".join(word for word in words if word)[:limit]


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, with each id checked to fit its column before the
    ``IN`` query that looks them up. Django guards a single lookup against an id out of the
    column's range, not ``IN``: there SQLite raises OverflowError (a 500) for an id of 40
    digits. An id out of range is simply not one of the choices."""

    def _check_values(self, value):
        if isinstance(value, (list, tuple)):
            for pk in value:
                self._range_check(pk)
        return super()._check_values(value)

    def _range_check(self, pk) -> None:
        model = self.queryset.model
        field = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        if not isinstance(field, models.IntegerField):
            return
        try:
            number = int(pk)
        except (TypeError, ValueError):
            return  # not a number at all: Django's own check names it
        low, high = connections[self.queryset.db].ops.integer_field_range(field.get_internal_type())
        if (low is not None and number < low) or (high is not None and number > high):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": pk},
            )
