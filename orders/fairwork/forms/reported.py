"""Saying how long a handover took: quick choices (½ h … 8 h) and "other" in hours, so a
mother on her phone taps once and types at most a number."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from orders.models import MOST_MINUTES_REPORTED

QUICK_MINUTES = (30, 60, 120, 180, 240, 360, 480)


def hours_label(minutes: int) -> str:
    """ "½ 小时", "1 小时", "2 小时" … for a quick choice."""
    if minutes == 30:
        return _("½ hour")
    hours = minutes // 60
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}


def quick_choices() -> list[tuple[int, str]]:
    return [(minutes, hours_label(minutes)) for minutes in QUICK_MINUTES]


class TimeReportForm(forms.Form):
    """Her answer: a quick choice (``minutes``), another number of hours (``hours``), or
    ``clear`` to take back what she said. ``cleaned_data["minutes"]`` is then the minutes,
    or None for "not said"."""

    minutes = forms.TypedChoiceField(
        choices=quick_choices, coerce=int, empty_value=None, required=False
    )
    hours = forms.DecimalField(
        label=gettext_lazy("Other (hours)"),
        min_value=Decimal("0.05"),
        max_value=MOST_MINUTES_REPORTED // 60,
        max_digits=5,
        decimal_places=2,
        required=False,
    )
    clear = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("clear"):
            data["minutes"] = None
        elif data.get("minutes") is None:
            if data.get("hours") is None:
                raise forms.ValidationError(_("Choose how long the pieces took."))
            minutes = (data["hours"] * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            data["minutes"] = max(1, int(minutes))
        return data


def counter_field() -> forms.TypedChoiceField:
    """The coordinator's optional question at the counter: how long did they take?"""
    return forms.TypedChoiceField(
        label=gettext_lazy("How long did they take? (ask her; optional)"),
        choices=lambda: [("", "—"), *quick_choices()],
        coerce=int,
        empty_value=None,
        required=False,
    )
