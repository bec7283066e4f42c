"""The market's models: parties and catalogue, purchases, payments."""

from marketplace.models.catalogue import (
    BilingualName,
    Category,
    Cooperative,
    Fulfilment,
    Membership,
    Product,
    Role,
    display_name_of,
)
from marketplace.models.payments import StripeEvent
from marketplace.models.purchases import (
    LineStatus,
    Purchase,
    PurchaseEvent,
    PurchaseEventKind,
    PurchaseLine,
    PurchaseState,
    PurchaseStatus,
    Refund,
)
from marketplace.models.regions import MinimumWage, Region

__all__ = [
    "BilingualName",
    "Category",
    "Cooperative",
    "Fulfilment",
    "LineStatus",
    "Membership",
    "MinimumWage",
    "Product",
    "Purchase",
    "PurchaseEvent",
    "PurchaseEventKind",
    "PurchaseLine",
    "PurchaseState",
    "PurchaseStatus",
    "Refund",
    "Region",
    "Role",
    "StripeEvent",
    "display_name_of",
]
