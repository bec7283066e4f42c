"""Which Wagtail Site a request is for, found once per host and kept in the process.

Wagtail looks the site up on every request it serves (``Site.find_for_request``): a query with
a ``CASE`` per site, about 1 ms of CPU, a tenth of a cooperative page's. Sites change perhaps
once in the life of an install (a new hostname, another root page), so each process keeps what
it found per host and port for ``KEPT_SECONDS`` and hands every request its own copy, which
Wagtail then caches on the request where it always looks first (``request._wagtail_site``).

A change of a Site row forgets what this process kept at once (the signals below); the other
processes see it within ``KEPT_SECONDS``. Each copy's root page is a copy too, so nothing a
request caches on it (``.specific``, ``.localized``) outlives that request: the root page's
specific row, what the home page shows, is still read fresh by every request that routes.
"""

import copy
import time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.request import split_domain_port

from wagtail.models import Site

KEPT_SECONDS = 30
# Only hosts in ALLOWED_HOSTS get this far (get_host() refuses the others), so this many is
# already generous; past it the oldest are forgotten rather than kept without end.
MOST_KEPT = 64

# (hostname, port) → (until, the site found or None). Plain dict operations: thread-safe enough
# for a cache whose worst race is one extra query.
_kept: dict[tuple[str, str], tuple[float, Site | None]] = {}


class SiteLookupMiddleware:
    """Puts the request's Site where Wagtail looks for it (``request._wagtail_site``): for a
    page Wagtail serves, found or kept; for any other view, only when this process already
    keeps it (a view that never asks for the site then costs no query)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        serves_page = request.resolver_match.url_name == "wagtail_serve"
        found = site_for_request(request) if serves_page else kept_site_for_request(request)
        if found is not None:
            request._wagtail_site = found
        return None


def site_for_request(request: HttpRequest) -> Site | None:
    """Wagtail's answer for this request's host and port, as a copy of its own."""
    key = _key(request)
    until, site = _kept.get(key, (0.0, None))
    if until <= time.monotonic():
        site = Site._find_for_request(request)
        if len(_kept) >= MOST_KEPT:
            _kept.pop(next(iter(_kept)))
        _kept[key] = (time.monotonic() + KEPT_SECONDS, site)
    return _own_copy(site)


def kept_site_for_request(request: HttpRequest) -> Site | None:
    """The site this process keeps for the request's host, or None (not kept, or no site)."""
    until, site = _kept.get(_key(request), (0.0, None))
    return _own_copy(site) if until > time.monotonic() else None


def _key(request: HttpRequest) -> tuple[str, str]:
    request.get_host()  # a host not in ALLOWED_HOSTS stops here (400), as everywhere else
    return split_domain_port(request._get_raw_host())[0], request.get_port()


def _own_copy(site: Site | None) -> Site | None:
    # copy.copy of a model instance copies its field values and its related-objects cache
    # (Model.__getstate__), not the related objects: the root page is copied on its own.
    if site is None:
        return None
    mine = copy.copy(site)
    mine.root_page = copy.copy(site.root_page)
    return mine


@receiver(post_save, sender=Site, dispatch_uid="config.sites.saved")
@receiver(post_delete, sender=Site, dispatch_uid="config.sites.deleted")
def sites_forget(**kwargs) -> None:
    _kept.clear()
