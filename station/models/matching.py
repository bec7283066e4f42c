"""A mother's job wishes (工作需求登记) and the station's recommendations (人岗匹配).

A registration's personal data is seen by her and by the station staff of the areas she chose,
and by them only when she consented to be contacted; without consent it stays hers and counts
in the demand ledger's figures only (station/matching/selectors.py enforces both)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_wishes"
    )
    name = models.CharField(_("name"), max_length=150)
    phone = models.CharField(_("contact phone"), max_length=32)
    earliest_start = models.TimeField(_("earliest start"))
    latest_finish = models.TimeField(_("latest finish"))
    days = models.CharField(_("days she can work"), max_length=80, blank=True)
    areas = models.ManyToManyField(
        "station.Area", related_name="registrations", verbose_name=_("areas")
    )
    skills = models.ManyToManyField(
        "orders.Skill", blank=True, related_name="job_wishes", verbose_name=_("skills")
    )
    needs_bus = models.BooleanField(_("needs the mothers' bus"), default=False)
    needs_childcare = models.BooleanField(_("needs childcare in the holidays"), default=False)
    note = models.TextField(_("note"), blank=True)
    consent = models.BooleanField(_("may be contacted about positions"), default=False)
    consent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job registration")
        verbose_name_plural = _("job registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(closed_at__isnull=True), name="one_open_registration"
            ),
            models.CheckConstraint(
                condition=Q(earliest_start__lt=F("latest_finish")),
                name="registration_hours_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.created_at:%Y-%m-%d}"


class Outcome(models.TextChoices):
    RECOMMENDED = "recommended", _("recommended")
    CONTACTED = "contacted", _("contacted")
    INTERVIEWED = "interviewed", _("interviewed")
    PLACED = "placed", _("placed")
    DECLINED = "declined", _("declined")
    NO_ANSWER = "no_answer", _("no answer")


class Recommendation(models.Model):
    """The station recommended a position to a registration; its outcome moves on, a
    placement being one outcome."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="recommendations"
    )
    position = models.ForeignKey(
        "station.Position", on_delete=models.CASCADE, related_name="recommendations"
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recommended_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.RECOMMENDED
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recommended_at"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["registration", "position"], name="recommend_once"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} → {self.position}"
