"""The station's shared parties: areas, the staff who serve each area, friendly employers and
their 妈妈岗 positions. Training, job wishes and rights requests have their own modules."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import BilingualName
from marketplace.money import MoneyField


class Area(BilingualName):
    """A street or community a station serves (街道/社区): positions are found by area, and a
    mother's registration is seen only by the station staff of her area."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class StationStaff(models.Model):
    """A user who works at the station window of an area: she sees that area's registrations
    and records recommendations, attendance and outcomes there."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="station_areas"
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="staff", verbose_name=_("area")
    )

    class Meta:
        verbose_name = _("station staff")
        verbose_name_plural = _("station staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="station_staff_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.area}"


class Employer(BilingualName):
    """A friendly employer (妈妈岗 友好企业) in the street's directory."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="employers", verbose_name=_("area")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    description = models.TextField(_("about the employer (Chinese)"), blank=True)
    description_en = models.TextField(_("about the employer (English)"), blank=True)
    is_listed = models.BooleanField(_("listed in the directory"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("friendly employer")
        verbose_name_plural = _("friendly employers")


class Position(models.Model):
    """A 妈妈岗 position: hours that fit a mother's day, and what makes it flexible."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="positions", verbose_name=_("employer")
    )
    title = models.CharField(_("title (Chinese)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    # Where the work is done, when it differs from the employer's area.
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("area"),
    )
    place = models.CharField(_("place of work"), max_length=200, blank=True)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    days = models.CharField(
        _("working days"), max_length=80, blank=True, help_text=_("For example: Monday to Friday.")
    )
    # The flexibilities the seed names: start half an hour later, finish half an hour
    # earlier, the 妈妈班车 bus, childcare in the holidays.
    starts_late = models.BooleanField(_("may start half an hour later"), default=False)
    leaves_early = models.BooleanField(_("may finish half an hour earlier"), default=False)
    bus_route = models.CharField(_("mothers' bus route"), max_length=120, blank=True)
    holiday_childcare = models.BooleanField(_("childcare in the holidays"), default=False)
    flexibility_note = models.CharField(_("other flexibility"), max_length=200, blank=True)
    pay_min = MoneyField(_("pay from (yuan a month)"), null=True, blank=True)
    pay_max = MoneyField(_("pay up to (yuan a month)"), null=True, blank=True)
    skills = models.ManyToManyField(
        "orders.Skill", blank=True, related_name="positions", verbose_name=_("skills wanted")
    )
    openings = models.PositiveSmallIntegerField(_("openings"), default=1)
    is_open = models.BooleanField(_("open"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["employer", "title"]
        verbose_name = _("mother-friendly position")
        verbose_name_plural = _("mother-friendly positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_min__isnull=True)
                | Q(pay_max__isnull=True)
                | Q(pay_min__lte=F("pay_max")),
                name="position_pay_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="position_hours_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} · {self.title}"

    def clean(self):
        if self.pay_min and self.pay_max and self.pay_min > self.pay_max:
            raise ValidationError(
                {"pay_max": _("The upper end of the pay is below its lower end.")}
            )
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": _("The position must end after it starts.")})
