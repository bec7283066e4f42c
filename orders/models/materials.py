"""Materials kits: what a cooperative keeps in stock (red cord, tassels, beads), what a product
needs of each per piece, and every movement of that stock.

``Material.on_hand`` moves only with a ``MaterialMovement`` in the same transaction, under the
material's row lock (orders/fairwork/services/materials.py), and a CheckConstraint keeps it at
zero or more whatever happens. Movements are append-only: a mistake is put right by an
adjustment with a reason, never by editing.

Amounts are ``Decimal`` with three places (2.5 m of cord, 1 tassel, 12.5 g of beads) kept as
an integer of thousandths, for the reason money is kept in fen (marketplace/money.py): SQLite
compares decimals as floating point, where 0.1 + 0.2 − 0.3 is not 0 and a CHECK would refuse
an exact return.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import BilingualName
from orders.amounts import AmountField


class MaterialUnit(models.TextChoices):
    METRE = "m", _("m")
    PIECE = "pcs", _("pcs")
    GRAM = "g", _("g")


class Material(BilingualName):
    """A material one cooperative keeps and hands out with claims."""

    cooperative = models.ForeignKey(
        "marketplace.Cooperative", on_delete=models.PROTECT, related_name="materials"
    )
    unit = models.CharField(_("unit"), max_length=8, choices=MaterialUnit.choices)
    low_stock = AmountField(_("low-stock level"), default=Decimal(0))
    on_hand = AmountField(_("on hand"), default=Decimal(0), editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cooperative", "name", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "name"], name="material_name_once"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="material_never_below_zero"),
            models.CheckConstraint(condition=Q(low_stock__gte=0), name="material_low_not_negative"),
        ]

    @property
    def is_low(self) -> bool:
        return self.on_hand <= self.low_stock


class ProductMaterial(models.Model):
    """How much of ``material`` one piece of ``product`` takes."""

    product = models.ForeignKey(
        "marketplace.Product", on_delete=models.CASCADE, related_name="materials_per_piece"
    )
    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="uses")
    per_piece = AmountField(_("per piece"))

    class Meta:
        ordering = ["product", "material__name", "pk"]
        verbose_name = _("material per piece")
        verbose_name_plural = _("materials per piece")
        constraints = [
            models.UniqueConstraint(fields=["product", "material"], name="product_material_once"),
            models.CheckConstraint(condition=Q(per_piece__gt=0), name="per_piece_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.material} × {self.per_piece}"


class MovementKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ISSUED = "issued", _("Issued")
    RETURNED = "returned", _("Returned")
    ADJUSTED = "adjusted", _("Adjusted")


class MaterialMovementQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("material movements are never updated")

    def delete(self):
        raise TypeError("material movements are never deleted")


class MaterialMovement(models.Model):
    """One change of a material's stock: ``change`` is what it did to ``on_hand`` (received
    and returned add, issued takes away, an adjustment either, with its reason in ``note``).
    Issues and returns name the claim; a return may name the handover it came back with."""

    material = models.ForeignKey(Material, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    change = AmountField(_("change"))
    claim = models.ForeignKey(
        "orders.Claim",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="material_movements",
    )
    handover = models.ForeignKey(
        "orders.Handover",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="material_movements",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = MaterialMovementQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("material movement")
        verbose_name_plural = _("material movements")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["received", "returned"], change__gt=0)
                    | Q(kind="issued", change__lt=0)
                    | (Q(kind="adjusted") & ~Q(change=0))
                ),
                name="movement_sign_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["issued", "returned"], claim__isnull=False)
                | Q(kind__in=["received", "adjusted"], claim__isnull=True),
                name="movement_claim_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.material} · {self.change}"
