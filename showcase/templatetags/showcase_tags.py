"""Template helpers for the public site: money, language links."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()

CURRENCY_SYMBOLS = {"CNY": "¥"}


@register.filter
def money(amount, currency: str = "CNY") -> str:
    """¥1,280.00: always the symbol and two decimals."""
    try:
        value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return f"{CURRENCY_SYMBOLS.get(currency, currency + ' ')}{value:,.2f}"


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in each site language, for the language switcher."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
