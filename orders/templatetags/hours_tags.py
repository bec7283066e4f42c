"""Reported time and effective hourly pay on the mother's pages (the rules:
orders/fairwork/hours.py)."""

from decimal import Decimal

from django import template
from django.utils.translation import ngettext

from marketplace.money import money_text, round_fen
from orders.fairwork.forms.reported import quick_choices
from orders.fairwork.hours import effective_hourly_pay

register = template.Library()


@register.filter
def reported_time(minutes: int | None) -> str:
    """What she said, as she said it: "2 小时", "1 小时 30 分钟", "45 分钟"."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if rest:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest})
    return " ".join(parts)


@register.simple_tag
def handover_hourly(shown) -> Decimal | None:
    """The effective hourly pay of one of her handovers (a HandoverResult): its accepted
    pieces × the rate over the time she said the whole handover took; None while it awaits
    inspection or she has not said."""
    result, minutes = shown.result, shown.handover.minutes_reported
    if result is None or not minutes:
        return None
    return effective_hourly_pay(earned=round_fen(result.accepted * shown.rate), minutes=minutes)


@register.simple_tag
def time_choices():
    return quick_choices()


@register.simple_tag
def hourly_line(hours) -> str:
    """One line of her payslip: her effective hourly pay and what it is made of."""
    return ngettext(
        "Effective hourly pay: %(pay)s an hour (%(earned)s for %(count)d accepted piece over "
        "the %(time)s you said the handovers of this month took).",
        "Effective hourly pay: %(pay)s an hour (%(earned)s for %(count)d accepted pieces over "
        "the %(time)s you said the handovers of this month took).",
        hours.accepted,
    ) % {
        "pay": money_text(hours.hourly),
        "earned": money_text(hours.earned),
        "count": hours.accepted,
        "time": reported_time(hours.minutes),
    }
