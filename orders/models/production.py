"""Production: skills, production orders (工单), the mothers' claims on them, handovers and
their inspection.

The sum of active claims never exceeds an order's quantity: ``ProductionOrder.claimed`` moves
only by conditional UPDATEs (services/claims.py) and a CheckConstraint backs it. A claim's
``accepted`` and ``pending`` (handed over, not yet inspected) pieces never exceed what she
holds, by the same means (services/production.py).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import BilingualName
from marketplace.money import FEN, MONEY, MoneyField


class Skill(BilingualName):
    """A craft a mother is trained in (中国结·基础, 花饽饽 …); gates the orders she sees."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class MemberSkill(models.Model):
    membership = models.ForeignKey(
        "marketplace.Membership", on_delete=models.CASCADE, related_name="skills"
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="holders")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skill held")
        verbose_name_plural = _("skills held")
        constraints = [
            models.UniqueConstraint(fields=["membership", "skill"], name="member_skill_once"),
        ]

    def __str__(self) -> str:
        return f"{self.membership} · {self.skill}"


class OrderMode(models.TextChoices):
    FIRST_COME = "first_come", _("First come")
    REQUEST_WINDOW = "request_window", _("Request window")


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    FULLY_CLAIMED = "fully_claimed", _("Fully claimed")
    IN_PRODUCTION = "in_production", _("In production")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ProductionOrder(models.Model):
    """Make ``quantity`` of ``product`` at ``piece_rate`` per accepted piece by ``due_date``."""

    cooperative = models.ForeignKey(
        "marketplace.Cooperative", on_delete=models.PROTECT, related_name="production_orders"
    )
    product = models.ForeignKey(
        "marketplace.Product", on_delete=models.PROTECT, related_name="production_orders"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    claimed = models.PositiveIntegerField(_("claimed"), default=0)
    piece_rate = MoneyField(
        _("piece rate"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(max_length=3, default="CNY", editable=False)
    due_date = models.DateField(_("due date"))
    required_skill = models.ForeignKey(
        Skill,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("required skill"),
    )
    min_claim = models.PositiveIntegerField(_("minimum claim"), default=1)
    max_per_mother = models.PositiveIntegerField(_("most per mother"), default=100)
    materials = models.TextField(_("materials per piece"), blank=True)
    instructions = models.TextField(_("instructions"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mode = models.CharField(
        _("mode"), max_length=20, choices=OrderMode.choices, default=OrderMode.FIRST_COME
    )
    window_closes_at = models.DateTimeField(_("requests close at"), null=True, blank=True)
    # Set when a request window's requests were shared out; from then on it takes claims
    # like a first-come order for whatever is left.
    allocated_at = models.DateTimeField(_("shared out at"), null=True, blank=True)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    # Of ``accepted``: pieces whose current result was inspected (China date) after the due
    # date; an order was finished on time when it is completed and this is 0.
    accepted_late = models.PositiveIntegerField(_("accepted after the due date"), default=0)
    serves = models.ManyToManyField(
        "marketplace.PurchaseLine",
        blank=True,
        related_name="production_orders",
        verbose_name=_("purchase lines served"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Fair work (issue 16). Minutes one piece takes (from the product's timed samples when the
    # order is made, editable); None: not timed, so the rate is not checked.
    standard_minutes = models.DecimalField(
        _("standard minutes per piece"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The check made when it was published, against the minimum in force that (China) day:
    # the figure itself is copied, so a later correction of the table does not rewrite what
    # the coordinator saw. pays_minimum is None when there was nothing to check against.
    minimum_wage = models.ForeignKey(
        "marketplace.MinimumWage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("minimum wage checked against"),
    )
    minimum_hourly = MoneyField(_("hourly minimum checked against"), null=True, blank=True)
    pays_minimum = models.BooleanField(_("pays at least the minimum"), null=True, blank=True)
    below_minimum_reason = models.TextField(_("why it pays below the minimum"), blank=True)
    below_minimum_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    below_minimum_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("production order")
        verbose_name_plural = _("production orders")
        # A site-level, read-only role (the women's federation): granted through a group.
        permissions = [("view_federation", _("Can see the federation overview"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(claimed__lte=F("quantity")), name="order_never_over_claimed"
            ),
            models.CheckConstraint(
                condition=Q(accepted__lte=F("quantity")), name="order_never_over_accepted"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_quantity_positive"),
            models.CheckConstraint(condition=Q(piece_rate__gt=0), name="order_rate_positive"),
            models.CheckConstraint(
                condition=Q(min_claim__gte=1) & Q(min_claim__lte=F("max_per_mother")),
                name="order_claim_limits_sane",
            ),
            models.CheckConstraint(
                condition=Q(standard_minutes__isnull=True) | Q(standard_minutes__gt=0),
                name="order_standard_minutes_positive",
            ),
            # Below the minimum is published only with a written reason.
            models.CheckConstraint(
                condition=~Q(pays_minimum=False) | ~Q(below_minimum_reason=""),
                name="order_below_minimum_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity}"

    @property
    def remaining(self) -> int:
        return self.quantity - self.claimed

    def worth(self, pieces: int) -> Decimal:
        """What ``pieces`` accepted pieces earn at this order's rate (in SQL: ``claim_worth``)."""
        return (pieces * self.piece_rate).quantize(FEN)

    @property
    def is_request_window(self) -> bool:
        return self.mode == OrderMode.REQUEST_WINDOW

    @property
    def takes_requests(self) -> bool:
        """A request window not yet shared out: mothers ask, nobody holds anything yet."""
        return self.is_request_window and self.allocated_at is None


def claim_worth(pieces: str) -> models.ExpressionWrapper:
    """In a query of claims: their count ``pieces`` ("quantity", "pending" …) at their order's
    rate, what those pieces earn when accepted (``ProductionOrder.worth`` in Python)."""
    return models.ExpressionWrapper(F(pieces) * F("order__piece_rate"), output_field=MONEY)


class ClaimStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACTIVE = "active", _("Active")
    RELEASED = "released", _("Released")
    DONE = "done", _("Done")


class Claim(models.Model):
    """The pieces one mother took on from one order; she may raise, lower or release it."""

    order = models.ForeignKey(ProductionOrder, on_delete=models.PROTECT, related_name="claims")
    mother = models.ForeignKey(
        "marketplace.Membership", on_delete=models.PROTECT, related_name="claims"
    )
    quantity = models.PositiveIntegerField(_("pieces claimed"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.ACTIVE
    )
    # Request-window orders: what she asked for, and when she last changed it (the stated
    # tie-break: earlier requests get the odd pieces first).
    requested = models.PositiveIntegerField(_("pieces requested"), default=0)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    # What the sharing-out gave her (None before it, or for a first-come claim).
    allocated = models.PositiveIntegerField(_("pieces given"), null=True, blank=True)
    # Of ``quantity``: pieces accepted at inspection, and pieces handed over awaiting it.
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    pending = models.PositiveIntegerField(_("awaiting inspection"), default=0)
    rejected = models.PositiveIntegerField(_("rejected (all handovers)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "created_at", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(fields=["order", "mother"], name="claim_one_per_mother"),
            models.CheckConstraint(
                condition=Q(accepted__lte=F("quantity") - F("pending")),
                name="claim_never_over_handed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mother} · {self.order} · {self.quantity}"

    @property
    def handed(self) -> int:
        """Pieces of hers the cooperative holds: accepted or awaiting inspection."""
        return self.accepted + self.pending

    @property
    def to_make(self) -> int:
        return self.quantity - self.accepted - self.pending
