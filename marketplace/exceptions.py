"""Domain errors of the market, mapped to translated messages at the view edge."""

from django.utils.translation import gettext as _


class MarketError(Exception):
    """Base class: ``message`` is what the buyer or coordinator reads."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message or str(self)


class ProductUnavailable(MarketError):
    def __init__(self, name: str):
        super().__init__(_("%(name)s is no longer on sale.") % {"name": name})


class NotEnoughStock(MarketError):
    def __init__(self, name: str, available: int):
        if available > 0:
            message = _("Only %(available)d of %(name)s left.") % {
                "available": available,
                "name": name,
            }
        else:
            message = _("%(name)s has just sold out.") % {"name": name}
        super().__init__(message)
        self.available = available


class QuantityOutOfRange(MarketError):
    def __init__(self, name: str, most: int):
        super().__init__(
            _("Choose between 1 and %(most)d pieces of %(name)s.") % {"most": most, "name": name}
        )


class PriceChanged(MarketError):
    def __init__(self, name: str, old, new):
        super().__init__(
            _("The price of %(name)s changed from ¥%(old)s to ¥%(new)s. Please check your cart.")
            % {"name": name, "old": old, "new": new}
        )


class EmptyCart(MarketError):
    def __init__(self):
        super().__init__(_("Your cart is empty."))


class CheckoutAlreadyPlaced(MarketError):
    """This checkout form's one-time key has already made a purchase."""

    def __init__(self):
        super().__init__(_("This purchase was already placed; nothing was ordered twice."))


class AccountExists(MarketError):
    def __init__(self):
        super().__init__(_("An account with this email exists: sign in first."))


class InvalidTransition(MarketError):
    def __init__(self, current: str, target: str):
        super().__init__(
            _("This cannot change from “%(current)s” to “%(target)s”.")
            % {"current": current, "target": target}
        )


class PaymentNotPossible(MarketError):
    pass


class PaymentDeclined(MarketError):
    pass


class RefundNotPossible(MarketError):
    pass


class BusyTryAgain(MarketError):
    """The database could not do it now (others were changing the same rows), even at the
    second try; nothing was changed."""

    def __init__(self):
        super().__init__(
            _("Many people are changing this at the same moment. Nothing was changed; try again.")
        )
