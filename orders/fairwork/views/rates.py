"""The fair-rate parts of the coordinator's order pages (the pages themselves are
production's): the implied hourly pay of a new order, and the second confirmation, with a
written reason, that publishing below the minimum needs."""

from django.http import HttpRequest
from django.utils import timezone

from orders.fairwork.forms.rates import BelowMinimumForm
from orders.fairwork.selectors.rates import RateCheck, product_rate_facts, rate_check

REASON = "below_minimum_reason"


def new_order_check(cleaned: dict) -> RateCheck:
    """The check a new order (the order form's valid data) gets if published today: its
    standard time, or else its product's."""
    product = cleaned["product"]
    minutes = cleaned.get("standard_minutes") or product.standard_minutes
    return rate_check(
        rate=cleaned["piece_rate"],
        minutes_per_piece=minutes,
        region_id=product.cooperative.region_id,
        day=timezone.localdate(),
    )


def below_minimum_confirmation(request: HttpRequest, check: RateCheck) -> BelowMinimumForm | None:
    """None when publishing may go ahead (at or above the minimum, nothing to check against,
    or a valid reason posted); else the form that asks for the reason (with its error when a
    reason was posted but will not do)."""
    if not check.below:
        return None
    if REASON not in request.POST:
        return BelowMinimumForm()
    form = BelowMinimumForm(request.POST)
    return None if form.is_valid() else form


def posted_reason(request: HttpRequest) -> str:
    return request.POST.get(REASON, "").strip()


def order_form_facts(*, products) -> dict[str, dict]:
    """What the order form's script reads (static/js/fair-rate.js), by product id."""
    facts = product_rate_facts(products=products, day=timezone.localdate())
    return {str(pk): row for pk, row in facts.items()}
