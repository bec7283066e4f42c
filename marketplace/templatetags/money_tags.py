"""Amounts in templates, written the one way marketplace.money writes them.

``{{ amount|money }}`` → ¥1,280.00; ``{{ amount|signed_money }}`` → +¥15.00, −¥5.00, ¥0.00;
``{{ amount|minus_money }}`` for what leaves a balance: 76.50 → −¥76.50.
"""

from decimal import Decimal

from django import template

from marketplace.money import money_text, signed_money_text

register = template.Library()

register.filter("money", money_text)
register.filter("signed_money", signed_money_text)


@register.filter
def minus_money(amount, currency: str = "CNY") -> str:
    """What leaves her balance: 76.50 → −¥76.50 (and a failed payout's −76.50 → +¥76.50)."""
    try:
        return signed_money_text(-Decimal(amount), currency)
    except (ArithmeticError, TypeError, ValueError):
        return ""
