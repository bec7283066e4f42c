"""Regions and their part-time hourly minimum wage (issue 16: fair work made visible).

A cooperative belongs to a region; the region's part-time hourly minimum wage is data entered
by the federation (with the date it takes effect and where the figure comes from), never a
constant in the code: governments revise it every year or two.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models.catalogue import BilingualName
from marketplace.money import MoneyField


class Region(BilingualName):
    """Where a minimum wage is set (a province or a city: 北京市, 山东省 …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class MinimumWage(models.Model):
    """The part-time hourly minimum wage of a region from ``effective_from`` on, until the next
    figure of the same region takes effect."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="minimum_wages", verbose_name=_("region")
    )
    hourly = MoneyField(
        _("part-time hourly minimum wage"), validators=[MinValueValidator(Decimal("0.01"))]
    )
    effective_from = models.DateField(_("in force from"))
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("Where the figure comes from: the notice, its issuer and its number."),
    )
    source_url = models.URLField(_("source link"), blank=True)
    is_example = models.BooleanField(
        _("example figure"),
        default=False,
        help_text=_("A figure loaded for the demo, not an official one: pages say so."),
    )

    class Meta:
        ordering = ["region", "-effective_from"]
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "effective_from"], name="minimum_wage_once_per_day"
            ),
            models.CheckConstraint(condition=models.Q(hourly__gt=0), name="minimum_wage_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.region} · ¥{self.hourly}/h · {self.effective_from:%Y-%m-%d}"
