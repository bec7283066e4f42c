"""Invitations: how a woman whose account already exists joins another cooperative.

A coordinator who registers a mobile number that already has an account does not get a
membership: she sends an invitation, which the account's holder accepts or declines from her
own account. Until she accepts, nothing of the cooperative is hers and nothing of her is the
cooperative's — an invitation is deliberately no Membership, so no query that scopes by
memberships (work, claims, money, dashboards, the federation) can count it by mistake.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orders.models.production import Skill

# 11 digits shown as 138****0002: enough for the coordinator to recognise the number she typed.
PHONE_SHOWN_HEAD, PHONE_SHOWN_TAIL = 3, 4


class InvitationStatus(models.TextChoices):
    # "Accepted" alone already means pieces that passed inspection (合格).
    PENDING = "pending", pgettext_lazy("invitation", "Waiting for her answer")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
    DECLINED = "declined", pgettext_lazy("invitation", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("invitation", "Withdrawn")


class MembershipInvitation(models.Model):
    """An invitation for ``user`` (an existing account) to become a mother of ``cooperative``,
    holding ``skills`` (granted by ``invited_by``) once she accepts. One per account and
    cooperative: inviting her again after she declined opens the same one again."""

    cooperative = models.ForeignKey(
        "marketplace.Cooperative",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("cooperative"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_invitations",
        verbose_name=_("user"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="+", verbose_name=_("skills"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    invited_at = models.DateTimeField(_("invited"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-invited_at", "-pk"]
        verbose_name = _("membership invitation")
        verbose_name_plural = _("membership invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cooperative"], name="invitation_one_per_cooperative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phone_masked} → {self.cooperative} ({self.get_status_display()})"

    @property
    def phone_masked(self) -> str:
        """Her number (the account's username) with its middle hidden, as the coordinator
        sees it until she accepts."""
        phone = self.user.username
        hidden = len(phone) - PHONE_SHOWN_HEAD - PHONE_SHOWN_TAIL
        if hidden < 1:
            return "*" * len(phone)
        return phone[:PHONE_SHOWN_HEAD] + "*" * hidden + phone[-PHONE_SHOWN_TAIL:]
