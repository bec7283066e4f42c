"""The federation's staff are told of a new rights request by e-mail after it is stored. The
message names the topic and links to the request; her name, phone and story stay on the
site, behind the permission, and never travel in a mail."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.emails import email_enqueue
from station.models import RightsRequest
from station.rights.selectors import rights_handlers


def rights_request_notify(request: RightsRequest) -> None:
    to = list(rights_handlers().values_list("email", flat=True))
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.SITE_URL + reverse("station_rights_request", args=[request.pk])
        body = _("A new rights request (%(topic)s) is waiting for an answer:\n%(link)s\n") % {
            "topic": request.get_topic_display(),
            "link": link,
        }
        email_enqueue(
            key=f"rights-request.{request.pk}",
            subject=_("New rights request #%(id)s") % {"id": request.pk},
            body=body,
            to=to,
        )
