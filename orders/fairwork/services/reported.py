"""How long her handovers took, in her own words: she says it (or changes or withdraws it)
from her phone for her recent handovers, or the coordinator asks her at the counter and
records it with the handover (orders.production.services.handovers.handover_record).

Only she sees the minutes of one handover; everyone else reads aggregates
(orders/fairwork/selectors/reported.py).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from orders.exceptions import TimeReportNotPossible
from orders.models import MOST_MINUTES_REPORTED, Handover

# How long after a handover she may still say or change how long it took: long enough to
# think of it at home, short enough that the figure is remembered, not guessed.
REPORT_DAYS = 30


def minutes_check(minutes: int | None) -> int | None:
    """``minutes`` if it is a time a handover can have taken (or None: not said); raises
    TimeReportNotPossible otherwise."""
    if minutes is not None and not 1 <= minutes <= MOST_MINUTES_REPORTED:
        raise TimeReportNotPossible(
            _("Say a time between 1 minute and %(hours)d hours.")
            % {"hours": MOST_MINUTES_REPORTED // 60}
        )
    return minutes


def reporting_since() -> datetime.datetime:
    """Handovers received since then are recent enough for her to say or change their time."""
    return timezone.now() - datetime.timedelta(days=REPORT_DAYS)


def handover_time_report(*, handover: Handover, user, minutes: int | None) -> Handover:
    """``user`` says her ``handover`` took ``minutes`` (None: she would rather not say).

    Only the mother of the handover's claim may, and only within REPORT_DAYS of it; one
    single-row update, so nothing else is locked or touched."""
    if handover.claim.mother.user_id != user.pk:
        raise TimeReportNotPossible(_("This is not your handover."))
    if handover.received_at < reporting_since():
        raise TimeReportNotPossible(
            _("How long a handover took can be said within %(days)d days of handing it over.")
            % {"days": REPORT_DAYS}
        )
    handover.minutes_reported = minutes_check(minutes)
    Handover.objects.filter(pk=handover.pk).update(minutes_reported=handover.minutes_reported)
    return handover
