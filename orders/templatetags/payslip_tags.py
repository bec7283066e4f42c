"""Dates on payslips, in the site's time zone (their amounts: marketplace's money_tags)."""

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def china_day(value) -> str:
    """2026-01-31: the day in Asia/Shanghai (the payslip's calendar), whoever reads it."""
    if not value:
        return ""
    return formats.date_format(timezone.localtime(value, timezone.get_default_timezone()), "Y-m-d")
