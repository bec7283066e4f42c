"""Fair work (issue 16): the timed samples a product's standard time per piece comes from.

A coordinator times a few pieces (pieces, minutes); the product keeps every sample and its
standard time is their median per-piece time (orders/fairwork/services/timing.py), so one
slow or hurried sample does not move it far.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimingSample(models.Model):
    """``pieces`` of ``product`` made in ``minutes``, timed by a coordinator."""

    product = models.ForeignKey(
        "marketplace.Product",
        on_delete=models.CASCADE,
        related_name="timing_samples",
        verbose_name=_("product"),
    )
    pieces = models.PositiveIntegerField(_("pieces timed"), validators=[MinValueValidator(1)])
    minutes = models.DecimalField(
        _("minutes taken"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["product", "-recorded_at", "-pk"]
        verbose_name = _("timing sample")
        verbose_name_plural = _("timing samples")
        constraints = [
            models.CheckConstraint(condition=Q(pieces__gte=1), name="timing_pieces_positive"),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="timing_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.pieces} / {self.minutes} min"

    @property
    def per_piece(self) -> Decimal:
        """Minutes one piece took in this sample (exact, not rounded)."""
        return self.minutes / self.pieces
