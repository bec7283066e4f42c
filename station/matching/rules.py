"""The matching rule (人岗匹配), in one place: when a position fits a registration.

A position fits when it is open, in one of her areas, within her hours, wants no skill she
lacks, and offers the bus or holiday childcare she needs. Her hours are her earliest start and
latest finish; a position that lets her start half an hour later (``starts_late``) fits a
mother whose day begins up to 30 minutes after its start, and one that lets her finish half an
hour earlier (``leaves_early``) one whose day ends up to 30 minutes before its end: the
flexibility widens the fit by exactly 30 minutes at that end. Skills are a hard filter (every
skill the position wants); the days are free text on both sides and left to the staff.

The lists compute the rule in Python over one area's open positions and registrations (a
station has tens of each), so the rule is never written twice, once in SQL and once here.
"""

import datetime

from station.models import Position, Registration

FLEX_MINUTES = 30


def _minutes(time: datetime.time) -> int:
    return time.hour * 60 + time.minute


def within_hours(*, position: Position, registration: Registration) -> bool:
    start_slack = FLEX_MINUTES if position.starts_late else 0
    end_slack = FLEX_MINUTES if position.leaves_early else 0
    starts_in_time = _minutes(position.starts_at) + start_slack >= _minutes(
        registration.earliest_start
    )
    ends_in_time = _minutes(position.ends_at) - end_slack <= _minutes(registration.latest_finish)
    return starts_in_time and ends_in_time


def fits(*, position: Position, registration: Registration) -> bool:
    """Needs ``position.skills`` and ``registration.areas``/``skills`` prefetched in lists."""
    if not position.is_open or registration.closed_at is not None:
        return False
    if position.area_id not in {area.pk for area in registration.areas.all()}:
        return False
    if registration.needs_bus and not position.bus_route.strip():
        return False
    if registration.needs_childcare and not position.holiday_childcare:
        return False
    held = {skill.pk for skill in registration.skills.all()}
    if any(skill.pk not in held for skill in position.skills.all()):
        return False
    return within_hours(position=position, registration=registration)
