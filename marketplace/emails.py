"""Emails to buyers and coordinators, sent after the change they report has committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.models import Membership, Purchase, Role


def _absolute(path: str) -> str:
    """E-mails have no request to take the host from: the link is built on SITE_URL."""
    return settings.SITE_URL.rstrip("/") + path


def purchase_paid_notify(purchase_id: int) -> None:
    """The buyer's confirmation with her link, and a note to each cooperative in the purchase."""
    purchase = Purchase.objects.prefetch_related("lines__cooperative").get(pk=purchase_id)
    link = _absolute(reverse("purchase", args=[purchase.token]))
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "marketplace/email/purchase_paid.txt", {"purchase": purchase, "link": link}
        )
        send_mail(
            _("Your purchase %(ref)s is paid") % {"ref": purchase.reference},
            body,
            None,
            [purchase.email],
        )
        _notify_coordinators(purchase)


def _notify_coordinators(purchase: Purchase) -> None:
    cooperative_ids = {line.cooperative_id for line in purchase.lines.all()}
    coordinators = Membership.objects.filter(
        cooperative_id__in=cooperative_ids, role=Role.COORDINATOR, is_active=True
    ).select_related("user", "cooperative")
    for membership in coordinators:
        if not membership.user.email:
            continue
        lines = [
            line
            for line in purchase.lines.all()
            if line.cooperative_id == membership.cooperative_id
        ]
        body = render_to_string(
            "marketplace/email/new_paid_lines.txt",
            {"purchase": purchase, "lines": lines, "cooperative": membership.cooperative},
        )
        send_mail(
            _("New paid order %(ref)s") % {"ref": purchase.reference},
            body,
            None,
            [membership.user.email],
        )


def line_status_notify(purchase_id: int, line_id: int) -> None:
    purchase = Purchase.objects.get(pk=purchase_id)
    line = purchase.lines.get(pk=line_id)
    link = _absolute(reverse("purchase", args=[purchase.token]))
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "marketplace/email/line_status.txt", {"purchase": purchase, "line": line, "link": link}
        )
        send_mail(
            _("%(name)s: %(status)s") % {"name": line.name, "status": line.get_status_display()},
            body,
            None,
            [purchase.email],
        )
