"""The last word on a lock conflict: a "busy, try again" page, never a 500."""

import logging

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

from marketplace.exceptions import BusyTryAgain
from marketplace.locks import lock_conflict

logger = logging.getLogger(__name__)


class BusyMiddleware:
    """Answers BusyTryAgain, or a lock conflict that no retry wrapper saw, that reached no
    view's own message with 503 and a page saying nothing changed. The page is standalone:
    no context processors, no queries, like 500.html."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        busy = isinstance(exception, BusyTryAgain) or (
            isinstance(exception, OperationalError) and lock_conflict(exception)
        )
        if not busy:
            return None
        logger.warning("%s %s: busy (%s)", request.method, request.path, exception)
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "5"
        return response
