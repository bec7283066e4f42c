"""A showcase page's route found before Wagtail looks for it, one query cheaper.

Wagtail routes a request from the site's root page: it loads that page's specific row (the home
page, with its hero and mission) and asks it to route the rest of the path. Below the home page,
``HomePage.route`` reads nothing of its own but its depth and url_path, which the generic root
page already has (config.sites keeps it with the Site): so for any path below it this finds the
route with ``page_below`` from the generic row, and leaves it where Wagtail looks first
(``request._wagtail_route_for_request``). A path that is no page's (a routable page's sub-path)
is walked as Wagtail walks it; the home page itself and a root that is not a HomePage are left
to Wagtail, as before.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest

from wagtail.models import Page
from wagtail.url_routing import RouteResult

from showcase.models import HomePage, page_below


class RouteAheadMiddleware:
    """After config.sites.SiteLookupMiddleware, which puts the Site on the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        site = getattr(request, "_wagtail_site", None)
        if request.resolver_match.url_name != "wagtail_serve" or site is None:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        components = [component for component in path.split("/") if component]
        if not components:
            return None
        home = site.root_page.localized  # as Wagtail: the active language's, when it is live
        if home.content_type_id != ContentType.objects.get_for_model(HomePage).pk:
            return None
        try:
            found = page_below(home, request, components) or walk(home, request, components)
        except Http404:  # not live, or no such page: Wagtail's answer too (route_for_request)
            found = None
        request._wagtail_route_for_request = found
        return None


def walk(home: Page, request: HttpRequest, components: list[str]) -> RouteResult:
    """Wagtail's own walk down the tree from the home page, for a path that is no page's (a
    routable page's sub-path, such as the station directory's employers): what HomePage.route
    does after ``page_below``, without asking ``page_below`` again."""
    return Page.route(home.specific, request, components)
