"""Handovers at the 驿站 and their inspection.

A mother brings ``count`` pieces of her claim (a Handover); the coordinator inspects them once:
accepted + rejected = count, each rejected piece with a reason the cooperative keeps. A result
is never edited: a mistake is put right by a correcting Inspection that points at the one it
corrects (at most one correction each), and the latest in that chain is the result that counts.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import BilingualName

# The longest a handover may be said to have taken: 500 hours (a month of long days); more is
# a slip of the finger, refused by the form and by the database.
MOST_MINUTES_REPORTED = 500 * 60


class RejectionReason(BilingualName):
    """Why a piece was not accepted (松结 loose knot, 颜色不对 wrong colour …), per cooperative."""

    cooperative = models.ForeignKey(
        "marketplace.Cooperative", on_delete=models.CASCADE, related_name="rejection_reasons"
    )
    code = models.SlugField(_("code"), max_length=40)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["cooperative", "sort_order", "pk"]
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "code"], name="reason_code_once"),
        ]


class Handover(models.Model):
    """``count`` pieces of one claim, received by a coordinator. Rework is a later handover."""

    claim = models.ForeignKey("orders.Claim", on_delete=models.PROTECT, related_name="handovers")
    count = models.PositiveIntegerField(_("pieces handed over"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # How long she says the pieces of this handover took (all of them, rejected ones too):
    # hers to say or change, never required; only she sees it (orders/fairwork/reported.py).
    minutes_reported = models.PositiveIntegerField(_("minutes she reported"), null=True, blank=True)
    # The result that counts: the latest of its correction chain, set at inspection and moved
    # by each correction (orders.production.services.handovers), so no page walks the chain.
    result = models.OneToOneField(
        "orders.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("current result"),
    )

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="handover_count_positive"),
            models.CheckConstraint(
                condition=Q(minutes_reported__isnull=True)
                | Q(minutes_reported__gte=1, minutes_reported__lte=MOST_MINUTES_REPORTED),
                name="handover_minutes_reported_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim} ← {self.count}"


class Inspection(models.Model):
    """The result of inspecting one handover, or the correction of an earlier result."""

    handover = models.ForeignKey(Handover, on_delete=models.PROTECT, related_name="inspections")
    corrects = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
        verbose_name=_("corrects"),
    )
    count = models.PositiveIntegerField(_("pieces inspected"))
    accepted = models.PositiveIntegerField(_("accepted"))
    rejected = models.PositiveIntegerField(_("rejected"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    inspected_at = models.DateTimeField(_("inspected"), auto_now_add=True)

    class Meta:
        ordering = ["inspected_at", "pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted=F("count") - F("rejected")),
                name="inspection_adds_up",
            ),
            # One first result per handover; anything after it is a correction.
            models.UniqueConstraint(
                fields=["handover"],
                condition=Q(corrects__isnull=True),
                name="inspection_once_per_handover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.handover}: {self.accepted}✓ {self.rejected}✗"

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None


class Rejection(models.Model):
    """How many of an inspection's rejected pieces were rejected for one reason."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="rejections")
    reason = models.ForeignKey(RejectionReason, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("pieces"))

    class Meta:
        ordering = ["inspection", "reason__sort_order", "pk"]
        verbose_name = _("rejection")
        verbose_name_plural = _("rejections")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "reason"], name="rejection_reason_once"),
            models.CheckConstraint(condition=Q(count__gte=1), name="rejection_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} × {self.count}"
