"""Domain errors of production, mapped to translated messages at the view edge."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.exceptions import MarketError


class ClaimError(MarketError):
    """A claim that cannot be made; ``message`` says why, in the mother's language."""


class ClaimExceedsRemaining(ClaimError):
    def __init__(self, left: int):
        if left > 0:
            message = ngettext(
                "Only %(left)d piece is left to claim.",
                "Only %(left)d pieces are left to claim.",
                left,
            ) % {"left": left}
        else:
            message = _("Every piece of this order has been claimed.")
        super().__init__(message)
        self.left = left


class ClaimOutOfLimits(ClaimError):
    def __init__(self, minimum: int, most: int):
        super().__init__(
            _("Claim between %(minimum)d and %(most)d pieces, or 0 to release.")
            % {"minimum": minimum, "most": most}
        )


class OrderNotClaimable(ClaimError):
    def __init__(self):
        super().__init__(_("This order is not open for claims."))


class OrderPastDue(ClaimError):
    def __init__(self):
        super().__init__(_("This order is past its due date."))


class NotEligible(ClaimError):
    def __init__(self):
        super().__init__(_("You cannot take work from this order."))
