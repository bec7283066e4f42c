"""The fair-rate forms: a timed sample, and the written reason that publishes below the
minimum (the second confirmation)."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from orders.fairwork.services.rates import LONGEST_REASON
from orders.fairwork.services.timing import MOST_MINUTES, MOST_PIECES

DECIMAL = {"inputmode": "decimal", "autocomplete": "off", "size": 7}
NUMERIC = {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off", "size": 5}


class TimingSampleForm(forms.Form):
    pieces = forms.IntegerField(
        label=_("Pieces timed"),
        widget=forms.TextInput(attrs=NUMERIC),
        validators=[
            MinValueValidator(1, _("Time at least 1 piece.")),
            MaxValueValidator(MOST_PIECES, _("Time at most %(limit_value)s pieces.")),
        ],
        error_messages={
            "invalid": _("Enter a whole number of pieces, like 3."),
            "required": _("Enter how many pieces were timed."),
        },
    )
    minutes = forms.DecimalField(
        label=_("Minutes they took"),
        max_digits=7,
        decimal_places=1,
        widget=forms.TextInput(attrs=DECIMAL),
        validators=[
            MinValueValidator(Decimal("0.1"), _("Enter more than 0 minutes.")),
            MaxValueValidator(MOST_MINUTES, _("A sample of more than a day is surely a slip.")),
        ],
        error_messages={
            "invalid": _("Enter the minutes as a number, like 25 or 22.5."),
            "required": _("Enter how many minutes the pieces took."),
            "max_digits": _("A sample of more than a day is surely a slip."),
            "max_decimal_places": _("Enter the minutes to one decimal at most, like 22.5."),
            "max_whole_digits": _("A sample of more than a day is surely a slip."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("Who made them, at what pace: e.g. an experienced mother, at home."),
    )


class BelowMinimumForm(forms.Form):
    below_minimum_reason = forms.CharField(
        label=_("Why publish it below the minimum?"),
        max_length=LONGEST_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The reason is kept with the order, shown on it and counted by the federation."
        ),
        error_messages={
            "required": _("Write why this order may pay below the minimum."),
            "max_length": _("Keep the reason under %(limit_value)d characters."),
        },
    )
