"""A buyer's purchase: lines that snapshot what was bought, its status history and refunds."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.models.catalogue import Cooperative, Fulfilment, Product
from marketplace.money import MoneyField


def new_token() -> str:
    """An unguessable key for the buyer's link to her purchase (256 bits)."""
    return secrets.token_urlsafe(32)


class PurchaseStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


class LineStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class PurchaseState(models.TextChoices):
    """Where a purchase stands, as its buyer is told: derived each time from its status, its
    lines and its refunds (``marketplace.selectors.purchase_state``), never stored."""

    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    CONFIRMING = "confirming", _("Confirming payment")
    PAYMENT_FAILED = "payment_failed", _("Payment failed")
    EXPIRED = "expired", _("Expired")
    PAID = "paid", _("Paid")
    MAKING = "making", _("Being made")
    PARTLY_SHIPPED = "partly_shipped", _("Partly shipped")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    REFUNDED = "refunded", _("Fully refunded")
    CANCELLED = "cancelled", _("Cancelled")


class PurchaseEventKind(models.TextChoices):
    """The steps of a purchase's history: every status a purchase or a line moves to, and the
    events that are not a status of either. A new status needs its kind here too (the tests
    check)."""

    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    EXPIRED = "expired", _("Expired")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")
    STOCK_RELEASED = "stock_released", _("Payment failed; pieces returned to stock")
    REFUNDED = "refunded", _("Refunded")
    PAID_AFTER_CANCEL = "paid_after_cancel", _("Paid after it was cancelled: refund due")
    MADE = "made", _("All pieces made and inspected")


# Intent statuses in which Stripe has the card's yes (or is still getting it).
INTENT_ACCEPTED = frozenset({"succeeded", "processing"})


class Purchase(models.Model):
    """What a buyer ordered, and where it goes. Paid only on Stripe's word (a verified webhook
    or a server-side retrieve), never on the browser's."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # The one-time key of the checkout form it came from: one cart submission, one purchase,
    # however often or however simultaneously the form is sent. Empty when no form made it.
    checkout_key = models.CharField(max_length=64, blank=True, editable=False)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchases",
        verbose_name=_("buyer account"),
    )
    email = models.EmailField(_("email"))
    recipient = models.CharField(_("recipient"), max_length=40)
    phone = models.CharField(_("mobile phone"), max_length=11)
    province = models.CharField(_("province"), max_length=20)
    city = models.CharField(_("city"), max_length=20)
    district = models.CharField(_("district"), max_length=20)
    address = models.CharField(_("street address"), max_length=120)
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PurchaseStatus.choices,
        default=PurchaseStatus.AWAITING_PAYMENT,
    )
    total = MoneyField(_("total"))
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    reserved_until = models.DateTimeField(_("stock reserved until"))
    payment_intent_id = models.CharField(max_length=255, blank=True)
    payment_attempts = models.PositiveSmallIntegerField(default=0)
    # What Stripe last said of the latest intent, and when it was created: the purchase page
    # waits a few seconds for the webhook before asking Stripe itself.
    payment_intent_status = models.CharField(max_length=40, blank=True)
    payment_started_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        constraints = [
            models.CheckConstraint(condition=Q(total__gt=0), name="purchase_total_positive"),
            models.UniqueConstraint(
                fields=["payment_intent_id"],
                condition=~Q(payment_intent_id=""),
                name="purchase_one_payment_intent",
            ),
            models.UniqueConstraint(
                fields=["checkout_key"],
                condition=~Q(checkout_key=""),
                name="purchase_one_per_checkout_key",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The number a buyer quotes on the phone: JG followed by eight digits."""
        return f"JG{self.pk:08d}"

    @property
    def full_address(self) -> str:
        return f"{self.province}{self.city}{self.district}{self.address}"

    @property
    def is_paid(self) -> bool:
        return self.status == PurchaseStatus.PAID

    @property
    def is_confirming(self) -> bool:
        """Stripe accepted the card; the webhook that makes it paid is on its way."""
        return (
            self.status == PurchaseStatus.AWAITING_PAYMENT
            and self.payment_intent_status in INTENT_ACCEPTED
        )


class PurchaseLine(models.Model):
    """One product in a purchase, with the name, price and fulfilment it was bought at."""

    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="purchase_lines")
    # Denormalised from the product so that every coordinator query is one indexed filter.
    cooperative = models.ForeignKey(
        Cooperative, on_delete=models.PROTECT, related_name="purchase_lines"
    )
    name = models.CharField(_("product"), max_length=120)
    unit_price = MoneyField(_("unit price"))
    quantity = models.PositiveIntegerField(_("quantity"))
    fulfilment = models.CharField(_("fulfilment"), max_length=20, choices=Fulfilment.choices)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=LineStatus.choices, default=LineStatus.AWAITING_PAYMENT
    )
    # True while this line holds pieces of the product's stock; cleared exactly once on release.
    holds_stock = models.BooleanField(default=False)
    carrier = models.CharField(_("carrier"), max_length=40, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    refunded_amount = MoneyField(_("refunded"), default=Decimal("0.00"))
    # Made-to-order lines: how the making goes, kept up to date by production (which knows
    # the mothers; the buyer sees only these two numbers).
    made = models.PositiveIntegerField(_("pieces made"), default=0)
    makers = models.PositiveIntegerField(_("mothers making it"), default=0)

    class Meta:
        ordering = ["purchase", "pk"]
        verbose_name = _("purchase line")
        verbose_name_plural = _("purchase lines")
        indexes = [models.Index(fields=["cooperative", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0), name="line_refund_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=F("unit_price") * F("quantity")),
                name="line_refund_at_most_paid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def is_made_to_order(self) -> bool:
        return self.fulfilment == Fulfilment.MADE_TO_ORDER


class PurchaseEvent(models.Model):
    """The status history a buyer and a coordinator see: append-only."""

    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="events")
    line = models.ForeignKey(
        PurchaseLine, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("status"), max_length=20, choices=PurchaseEventKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("purchase event")
        verbose_name_plural = _("purchase events")

    def __str__(self) -> str:
        return f"{self.purchase_id} {self.status}"

    @property
    def label(self) -> str:
        """The step in the reader's language."""
        return self.get_status_display()


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class Refund(models.Model):
    """Money given back through Stripe Refunds, for a whole purchase or one line."""

    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, related_name="refunds")
    line = models.ForeignKey(
        PurchaseLine, null=True, blank=True, on_delete=models.PROTECT, related_name="refunds"
    )
    amount = MoneyField(_("amount"))
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    stripe_refund_id = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.UniqueConstraint(
                fields=["stripe_refund_id"],
                condition=~Q(stripe_refund_id=""),
                name="refund_one_stripe_refund",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purchase} −¥{self.amount}"
