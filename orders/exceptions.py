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
    def __init__(self, minimum: int, most: int, *, handed: int = 0):
        names = {"minimum": minimum, "most": most, "count": handed}
        if not handed:
            message = _("Claim between %(minimum)d and %(most)d pieces, or 0 to release.")
        elif handed < minimum:
            message = ngettext(
                "Claim between %(minimum)d and %(most)d pieces, or %(count)d to keep only "
                "the piece you have handed over.",
                "Claim between %(minimum)d and %(most)d pieces, or %(count)d to keep only "
                "the pieces you have handed over.",
                handed,
            )
        else:
            message = _("Claim between %(minimum)d and %(most)d pieces.")
        super().__init__(message % names)


class OrderNotClaimable(ClaimError):
    def __init__(self):
        super().__init__(_("This order is not open for claims."))


class OrderPastDue(ClaimError):
    def __init__(self):
        super().__init__(_("This order is past its due date."))


class NotEligible(ClaimError):
    def __init__(self):
        super().__init__(_("You cannot take work from this order."))


class RequestsClosed(ClaimError):
    def __init__(self):
        super().__init__(_("Requests for this order have closed."))


class ClaimBelowHandedOver(ClaimError):
    def __init__(self, handed: int):
        super().__init__(
            ngettext(
                "You have already handed over %(count)d piece; your claim cannot go below it.",
                "You have already handed over %(count)d pieces; your claim cannot go below them.",
                handed,
            )
            % {"count": handed}
        )
        self.handed = handed


class MaterialError(MarketError):
    """A materials step that cannot be (stock, a kit, a return); ``message`` says why."""


def _amount(amount, material) -> dict:
    return {
        "amount": f"{amount.normalize():f}",
        "unit": material.get_unit_display(),
        "name": material.display_name,
    }


class NotEnoughMaterial(MaterialError):
    def __init__(self, material):
        super().__init__(
            _("Only %(amount)s %(unit)s of %(name)s is on hand.")
            % _amount(material.on_hand, material)
        )


class ReturnTooMuch(MaterialError):
    def __init__(self, material, held):
        super().__init__(
            _("Only %(amount)s %(unit)s of %(name)s went out with this claim and is not back yet.")
            % _amount(held, material)
        )


class AmountOutOfRange(MaterialError):
    def __init__(self):
        super().__init__(
            _("Enter amounts from 0 to %(most)s, with at most three decimals.")
            % {"most": "999999.999"}
        )


class KitNotPossible(MaterialError):
    def __init__(self):
        super().__init__(_("A kit is issued only for a claim she is still working on."))


class UnknownMaterial(MaterialError):
    def __init__(self):
        super().__init__(_("That material is not one of this cooperative's."))


class NothingToRecord(MaterialError):
    def __init__(self):
        super().__init__(_("Enter an amount for at least one material."))


class AdjustmentNeedsReason(MaterialError):
    def __init__(self):
        super().__init__(_("Say why the stock is adjusted."))


class MaterialNameTaken(MaterialError):
    def __init__(self):
        super().__init__(_("This cooperative already has a material of that name."))


class ProductionError(MarketError):
    """A handover, inspection or order step that cannot be; ``message`` says why."""


class HandoverTooMany(ProductionError):
    def __init__(self, left: int):
        if left > 0:
            message = ngettext(
                "She has %(left)d piece of this claim still to hand over.",
                "She has %(left)d pieces of this claim still to hand over.",
                left,
            ) % {"left": left}
        else:
            message = _("Every piece of this claim has been handed over already.")
        super().__init__(message)
        self.left = left


class HandoverNotPossible(ProductionError):
    def __init__(self):
        super().__init__(_("This claim takes no handovers now."))


class HandoverStale(ProductionError):
    def __init__(self):
        super().__init__(
            _(
                "Another handover of this claim was recorded since this page was opened. "
                "Check the numbers and record it again if it is a new one."
            )
        )


class TimeReportNotPossible(ProductionError):
    """How long a handover took cannot be said (or changed) now; ``message`` says why."""


class AlreadyInspected(ProductionError):
    def __init__(self):
        super().__init__(
            _("This handover has already been inspected; record a correction to change it.")
        )


class AlreadyCorrected(ProductionError):
    def __init__(self):
        super().__init__(
            _("This result has already been corrected; correct the latest result instead.")
        )


class InspectionDoesNotAddUp(ProductionError):
    def __init__(self, count: int):
        super().__init__(
            ngettext(
                "Accepted and rejected pieces must add up to the %(count)d piece handed over.",
                "Accepted and rejected pieces must add up to the %(count)d pieces handed over.",
                count,
            )
            % {"count": count}
        )


class UnknownReason(ProductionError):
    def __init__(self):
        super().__init__(_("Choose a reason from your cooperative's list."))


class CorrectionNotPossible(ProductionError):
    def __init__(self, message: str):
        super().__init__(message)


class FairWorkError(MarketError):
    """A timing sample or a fair-rate decision that cannot be recorded; ``message`` says why."""


class BelowMinimumNeedsReason(FairWorkError):
    """Publishing an order that pays below the hourly minimum without a written reason."""

    def __init__(self):
        super().__init__(
            _(
                "This order pays below the hourly minimum wage. To publish it anyway, write why "
                "and confirm a second time."
            )
        )
