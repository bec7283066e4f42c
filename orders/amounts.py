"""Amounts of materials: ``Decimal`` with three places in Python, an integer of thousandths in
the database, for the reason money is kept in fen (marketplace/money.py). Its own module, as
money's is, so that migrations may import the field (tests/test_app_border.py)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core import exceptions
from django.db import models
from django.utils.translation import gettext_lazy as _

THOUSANDTH = Decimal("0.001")
# The largest amount a form accepts: far above any cooperative's stock, far below the column.
LARGEST_AMOUNT = Decimal("999999.999")


def to_thousandths(amount) -> int:
    """``amount`` as a whole number of thousandths; ValueError beyond three decimals."""
    scaled = Decimal(amount) * 1000
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount!r} has more than three decimals")
    return int(scaled)


class AmountField(models.Field):
    """An amount of a material (``Decimal``, three places) kept as an integer of thousandths."""

    description = _("Amount of a material (stored in thousandths)")
    empty_strings_allowed = False
    default_error_messages = {
        "invalid": _("“%(value)s” is not an amount with at most three decimals."),
    }

    def get_internal_type(self) -> str:
        return "BigIntegerField"

    def from_db_value(self, value, expression, connection):
        return None if value is None else (Decimal(int(value)) / 1000).quantize(THOUSANDTH)

    def to_python(self, value):
        if value is None:
            return value
        try:
            amount = Decimal(str(value))
            to_thousandths(amount)
        except (InvalidOperation, ValueError, TypeError):
            raise exceptions.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None
        return amount.quantize(THOUSANDTH)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("an amount is never a float: pass a Decimal")
        return to_thousandths(value)

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": forms.DecimalField,
                "max_digits": 9,
                "decimal_places": 3,
                "max_value": LARGEST_AMOUNT,
                **kwargs,
            }
        )


def amount_value(amount) -> models.Value:
    """``amount`` as a query value, to combine with amount columns (which hold thousandths)."""
    return models.Value(Decimal(amount), output_field=AmountField())
