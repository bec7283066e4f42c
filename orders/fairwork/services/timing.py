"""Timed samples of a product and the standard time per piece they give it.

The standard time is the median of the samples' per-piece times (minutes ÷ pieces), rounded
half up to the hundredth of a minute: the median, so that one hurried or interrupted sample
does not move it far. Recording or removing a sample locks the product first, so that two
coordinators timing at once each leave the median of every sample, not of the ones they saw.
"""

from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.utils.translation import gettext as _

from marketplace.locks import atomic_with_retry, product_lock
from marketplace.models import Product
from marketplace.services.standard_time import product_standard_time_set
from orders.exceptions import FairWorkError
from orders.models import TimingSample

MOST_PIECES = 1000
# A sample is a few pieces timed at a table: more than a working day of minutes is a slip.
MOST_MINUTES = Decimal(24 * 60)
HUNDREDTH = Decimal("0.01")


def standard_minutes_of(samples) -> Decimal | None:
    """The median per-piece time of ``samples`` (rounded to 0.01 minute), or None if none."""
    times = [Decimal(sample.minutes) / sample.pieces for sample in samples]
    if not times:
        return None
    return Decimal(median(times)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


@atomic_with_retry
def timing_sample_record(
    *, product: Product, pieces: int, minutes: Decimal, actor, note: str = ""
) -> TimingSample:
    """Keep ``pieces`` made in ``minutes`` as a sample of ``product`` and update its standard
    time (re-read the product to see it). Raises FairWorkError for numbers no timing gives."""
    _sample_check(pieces=pieces, minutes=minutes)
    product_lock(product.pk)
    sample = TimingSample.objects.create(
        product=product, pieces=pieces, minutes=minutes, note=note.strip()[:200], recorded_by=actor
    )
    _standard_time_update(product.pk)
    return sample


@atomic_with_retry
def timing_sample_delete(*, sample: TimingSample) -> Decimal | None:
    """Remove a sample (a slip) and return the product's standard time without it."""
    product_lock(sample.product_id)
    TimingSample.objects.filter(pk=sample.pk).delete()
    return _standard_time_update(sample.product_id)


def _sample_check(*, pieces: int, minutes: Decimal) -> None:
    if not 1 <= pieces <= MOST_PIECES:
        raise FairWorkError(_("Time between 1 and %(most)d pieces.") % {"most": MOST_PIECES})
    if not Decimal(0) < minutes <= MOST_MINUTES:
        raise FairWorkError(
            _("Enter the minutes they took: more than 0 and at most %(most)d.")
            % {"most": MOST_MINUTES}
        )


def _standard_time_update(product_id: int) -> Decimal | None:
    minutes = standard_minutes_of(TimingSample.objects.filter(product_id=product_id))
    product_standard_time_set(product_id=product_id, minutes=minutes)
    return minutes
