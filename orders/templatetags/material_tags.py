"""``{{ amount|qty }}``: an amount of a material as people write it (2.5, 24, 0.125), without
the stored trailing zeros."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def qty(value) -> str:
    if value is None or value == "":
        return ""
    return f"{Decimal(value).normalize():f}"
