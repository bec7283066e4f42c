"""How a position reads, in the active language: the same words on the page, in print and in
the PDF."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from marketplace.money import money_text
from station.models import Position


def title(position: Position) -> str:
    if (get_language() or "").startswith("en") and position.title_en:
        return position.title_en
    return position.title


def hours(position: Position) -> str:
    span = f"{position.starts_at:%H:%M}–{position.ends_at:%H:%M}"
    return f"{span} · {position.days}" if position.days else span


def flexibilities(position: Position) -> list[str]:
    found = []
    if position.starts_late:
        found.append(_("may start half an hour later"))
    if position.leaves_early:
        found.append(_("may finish half an hour earlier"))
    if position.bus_route:
        found.append(_("mothers' bus: %(route)s") % {"route": position.bus_route})
    if position.holiday_childcare:
        found.append(_("childcare in the holidays"))
    if position.flexibility_note:
        found.append(position.flexibility_note)
    return found


def pay(position: Position) -> str:
    low, high = position.pay_min, position.pay_max
    if low and high:
        return _("%(low)s–%(high)s a month") % {"low": money_text(low), "high": money_text(high)}
    if low:
        return _("from %(low)s a month") % {"low": money_text(low)}
    if high:
        return _("up to %(high)s a month") % {"high": money_text(high)}
    return _("ask the employer")


def openings(position: Position) -> str:
    if not position.is_open:
        return _("closed")
    return str(position.openings)
