"""Figures on payslips: amounts with their sign, and dates in the site's time zone."""

from decimal import Decimal

from django import template
from django.utils import formats, timezone

from showcase.templatetags.showcase_tags import money

register = template.Library()


@register.filter
def signed_money(amount, currency: str = "CNY") -> str:
    """+¥15.00, −¥5.00 (a true minus sign), ¥0.00."""
    try:
        amount = Decimal(amount)
    except (ArithmeticError, TypeError, ValueError):
        return ""
    if amount > 0:
        return f"+{money(amount, currency)}"
    if amount < 0:
        return f"\u2212{money(-amount, currency)}"
    return money(abs(amount), currency)  # ¥0.00, never ¥-0.00


@register.filter
def minus_money(amount, currency: str = "CNY") -> str:
    """What leaves her balance: 76.50 → −¥76.50 (and a failed payout's −76.50 → +¥76.50)."""
    try:
        return signed_money(-Decimal(amount), currency)
    except (ArithmeticError, TypeError, ValueError):
        return ""


@register.filter
def china_day(value) -> str:
    """2026-01-31: the day in Asia/Shanghai (the payslip's calendar), whoever reads it."""
    if not value:
        return ""
    return formats.date_format(timezone.localtime(value, timezone.get_default_timezone()), "Y-m-d")
