"""Money: ``Decimal`` yuan in Python, an integer of fen in the database.

SQLite stores and compares ``DecimalField`` values as binary floating point (29.90 × 3 is
89.69999… there), so a CHECK constraint, a SUM or a comparison of decimals can be off by a
hair and refuse an exact refund. Every money column is a :class:`MoneyField` instead: the
database only ever adds, multiplies and compares integers, which is exact on SQLite and
PostgreSQL alike, and Stripe's minor units are the same fen.

In queries, an amount combined with a column must be a money value, not a bare ``Decimal``
(``F("refunded") + money(amount)``): a bare ``Decimal`` would be read as yuan by the
database, where the column holds fen.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core import exceptions
from django.db import models
from django.db.models import Sum, Value
from django.db.models.expressions import Combinable, register_combinable_fields
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

FEN = Decimal("0.01")
# The largest amount any form accepts: far above any real payment, far below the 64-bit column.
LARGEST = Decimal("9999999999.99")


def to_fen(yuan) -> int:
    """``yuan`` (a Decimal, int or decimal string) as a whole number of fen.

    Raises ``ValueError`` for an amount with more than two decimals: money is never rounded
    silently on its way into the database.
    """
    fen = Decimal(yuan) * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"{yuan!r} yuan is not a whole number of fen")
    return int(fen)


def from_fen(fen: int) -> Decimal:
    return (Decimal(int(fen)) / 100).quantize(FEN)


class MoneyField(models.Field):
    """An amount of yuan (``Decimal``, two places) kept as a 64-bit integer of fen."""

    description = _("Amount in yuan (stored in fen)")
    empty_strings_allowed = False
    default_error_messages = {
        "invalid": _("“%(value)s” is not an amount in yuan with at most two decimals."),
    }

    def get_internal_type(self) -> str:
        return "BigIntegerField"

    def from_db_value(self, value, expression, connection):
        return None if value is None else from_fen(value)

    def to_python(self, value):
        if value is None or isinstance(value, Decimal) and value == value.quantize(FEN):
            return value
        try:
            yuan = Decimal(str(value))
            to_fen(yuan)
        except (InvalidOperation, ValueError, TypeError):
            raise exceptions.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None
        return yuan.quantize(FEN)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("money is never a float: pass a Decimal")
        return to_fen(value)

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": forms.DecimalField,
                "max_digits": 12,
                "decimal_places": 2,
                "max_value": LARGEST,
                "min_value": -LARGEST,
                **kwargs,
            }
        )


def money(amount) -> Value:
    """``amount`` yuan as a query value, to combine with money columns."""
    return Value(Decimal(amount), output_field=MoneyField())


# An integer times money is money (count × rate); money plus or minus money is money.
# Money divided by anything, or mixed with a plain decimal, has no type: the query must say.
register_combinable_fields(MoneyField, Combinable.MUL, models.IntegerField, MoneyField)
register_combinable_fields(models.IntegerField, Combinable.MUL, MoneyField, MoneyField)

# The output type of an expression that yields money:
# ``Sum(F("count") * F("rate"), output_field=MONEY)``.
MONEY = MoneyField()
# No money: ZERO in a query, NO_MONEY in Python (``sum(amounts, NO_MONEY)`` is ¥0.00 when there
# are none, where ``sum`` alone would give the integer 0).
ZERO = money("0.00")
NO_MONEY = Decimal("0.00")


def money_sum(expression="amount", *, filter=None) -> Coalesce:
    """The sum of a money column or expression (of the rows ``filter`` keeps), ZERO when
    there are none: ``-money_sum(...)`` is the same sum the other way round, never −0.00."""
    return Coalesce(Sum(expression, filter=filter, output_field=MONEY), ZERO, output_field=MONEY)


def round_fen(value) -> Decimal:
    """An average or a share of money, to the nearest fen (halves away from zero).

    Sums of money need no rounding: they are exact. Only a division makes fractions of a fen.
    """
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


# How an amount is written ---------------------------------------------------------------

CURRENCY_SYMBOLS = {"CNY": "¥"}


def money_text(amount, currency: str = "CNY") -> str:
    """¥1,280.00: always the symbol and two decimals, to the nearest fen ("" for no amount).

    The ``money`` template filter (marketplace/templatetags/money_tags.py) for every app."""
    try:
        value = round_fen(amount)
    except (ArithmeticError, TypeError, ValueError):
        return ""
    return f"{CURRENCY_SYMBOLS.get(currency, currency + ' ')}{value:,.2f}"


def signed_money_text(amount, currency: str = "CNY") -> str:
    """+¥15.00, −¥5.00 (a true minus sign), ¥0.00 (never ¥-0.00); "" for no amount."""
    try:
        amount = Decimal(amount)
    except (ArithmeticError, TypeError, ValueError):
        return ""
    if amount > 0:
        return f"+{money_text(amount, currency)}"
    if amount < 0:
        return f"\u2212{money_text(-amount, currency)}"
    return money_text(abs(amount), currency)


def yuan_column_to_fen(app_label: str, model_name: str, field_name: str):
    """A migration step: a column of decimal yuan becomes a column of whole fen, exactly.

    Runs before the column's type changes to an integer (which would otherwise truncate
    29.90 to 29). ROUND also mends SQLite's near misses such as 89.69999999999999.
    """
    from django.db import migrations

    def update(apps, schema_editor, sql: str):
        model = apps.get_model(app_label, model_name)
        column = schema_editor.quote_name(model._meta.get_field(field_name).column)
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(sql.format(table=table, column=column))
        if schema_editor.connection.vendor == "postgresql":
            # The update queued the deferred foreign-key checks of its rows; PostgreSQL
            # refuses to ALTER a table with pending trigger events, so run them now.
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")

    return migrations.RunPython(
        lambda apps, editor: update(
            apps, editor, "UPDATE {table} SET {column} = ROUND({column} * 100)"
        ),
        lambda apps, editor: update(apps, editor, "UPDATE {table} SET {column} = {column} / 100.0"),
        elidable=False,
    )
