"""Form widgets every app's forms share.

A browser's ``<input type="date">`` accepts only an ISO value (2026-03-31); Django renders a
date in the active language's first input format, which in Chinese is 2026/03/31, so the
field shows blank and a submit sends nothing. These widgets always render ISO.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    """A date picker whose value is ISO in every language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    """A local date-and-time picker whose value is ISO in every language."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATETIME_LOCAL)
