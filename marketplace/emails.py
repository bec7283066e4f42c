"""Emails to buyers and coordinators, sent after the change they report has committed.

Each message is sent by a task (marketplace.tasks.email_send_task) enqueued once the
transaction commits: a rolled-back request sends nothing, and a slow or failing mail server
holds up no request (a failed send is retried, never sent twice: its key names it)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.background import enqueue_on_commit
from marketplace.models import Membership, Purchase, Role


def email_enqueue(*, key: str, subject: str, body: str, to: list[str]) -> None:
    """Send one message in the background after the commit. ``key`` is unique to the
    message (letters, digits, dots and dashes: it becomes its Message-ID), e.g.
    ``purchase-paid.12.buyer``."""
    from marketplace.tasks import email_send_task  # tasks import services, which import us

    enqueue_on_commit(email_send_task, key=key, subject=str(subject), body=body, to=list(to))


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
        email_enqueue(
            key=f"purchase-paid.{purchase.pk}.buyer",
            subject=_("Your purchase %(ref)s is paid") % {"ref": purchase.reference},
            body=body,
            to=[purchase.email],
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
        email_enqueue(
            key=f"purchase-paid.{purchase.pk}.coordinator.{membership.pk}",
            subject=_("New paid order %(ref)s") % {"ref": purchase.reference},
            body=body,
            to=[membership.user.email],
        )


def line_status_notify(purchase_id: int, line_id: int) -> None:
    purchase = Purchase.objects.get(pk=purchase_id)
    line = purchase.lines.get(pk=line_id)
    link = _absolute(reverse("purchase", args=[purchase.token]))
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "marketplace/email/line_status.txt", {"purchase": purchase, "line": line, "link": link}
        )
        email_enqueue(
            key=f"line-status.{line.pk}.{line.status}",
            subject=_("%(name)s: %(status)s")
            % {"name": line.name, "status": line.get_status_display()},
            body=body,
            to=[purchase.email],
        )
