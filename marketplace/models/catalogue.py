"""Parties and catalogue: cooperatives, memberships, categories and sellable products."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from marketplace.money import MoneyField


def display_name_of(name: str, name_en: str) -> str:
    """A bilingual name in the active language, falling back to the Chinese name (for rows
    read as values, which have no ``display_name``)."""
    if (get_language() or "").startswith("en") and name_en:
        return name_en
    return name


class BilingualName(models.Model):
    """A Chinese name (the one of record) and its English rendering for the English site."""

    name = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to the Chinese name."""
        return display_name_of(self.name, self.name_en)


class Cooperative(index.Indexed, BilingualName):
    """A cooperative or women-led project that makes goods and issues piecework."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Whose minimum wage its piece rates are checked against (issue 16).
    region = models.ForeignKey(
        "marketplace.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cooperatives",
        verbose_name=_("region"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("cooperative")
        verbose_name_plural = _("cooperatives")


class Category(BilingualName):
    """A kind of product on the showcase (Chinese knots, decorative buns, farm goods…)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Fulfilment(models.TextChoices):
    IN_STOCK = "in_stock", _("In stock")
    MADE_TO_ORDER = "made_to_order", _("Made to order")


class Product(index.Indexed, BilingualName):
    """A sellable good: price, stock or made to order. Its story is told by a ProductPage."""

    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("cooperative"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("category"),
    )
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    price = MoneyField(
        _("price"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY", editable=False)
    fulfilment = models.CharField(
        _("fulfilment"),
        max_length=20,
        choices=Fulfilment.choices,
        default=Fulfilment.IN_STOCK,
    )
    stock = models.PositiveIntegerField(_("pieces in stock"), default=0)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        default=0,
        validators=[MaxValueValidator(365)],
        help_text=_("For made-to-order products: days from payment to dispatch."),
    )
    max_per_order = models.PositiveIntegerField(
        _("most pieces per purchase"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(10_000)],
    )
    is_active = models.BooleanField(_("on sale"), default=True)
    # Minutes one piece takes: the median of its timed samples (orders' fair-work room keeps
    # the samples); None until it is timed. Production orders default to it.
    standard_minutes = models.DecimalField(
        _("standard minutes per piece"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.SearchField("sku"),
        index.AutocompleteField("name"),
        index.FilterField("cooperative"),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["cooperative", "name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="product_stock_not_negative"),
            models.CheckConstraint(condition=Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(
                condition=Q(standard_minutes__isnull=True) | Q(standard_minutes__gt=0),
                name="product_standard_minutes_positive",
            ),
        ]

    @property
    def is_made_to_order(self) -> bool:
        return self.fulfilment == Fulfilment.MADE_TO_ORDER

    @property
    def is_available(self) -> bool:
        """Whether a buyer can order it now: made to order, or at least one piece in stock."""
        return self.is_active and (self.is_made_to_order or self.stock > 0)


class Role(models.TextChoices):
    MOTHER = "mother", _("Mother")
    COORDINATOR = "coordinator", _("Coordinator")


class Membership(models.Model):
    """A user's place in a cooperative. A user may belong to several cooperatives.

    Every query a mother or a coordinator makes is scoped through her memberships.
    """

    user = models.ForeignKey(
        "auth.User",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    cooperative = models.ForeignKey(
        Cooperative,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("cooperative"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["cooperative", "role", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cooperative"], name="membership_one_per_cooperative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.cooperative} ({self.get_role_display()})"

    @property
    def person_name(self) -> str:
        """Her name as every page, file and message gives it: her full name, or her mobile
        number (the username) when she has none."""
        return self.user.get_full_name() or self.user.username
