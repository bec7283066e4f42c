"""Project-wide views: robots.txt, sign-in and error pages (health checks: ops.views)."""

import logging

from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from config.forms import SignInForm
from config.roles import start_page

logger = logging.getLogger(__name__)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /cms/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class SignInView(LoginView):
    """Django's sign-in, landing each person on her own start page (config.roles) in the
    language she signed in in. ``next`` is a page that asked for her (a protected page, the
    checkout): it wins for everyone. ``from`` is where she clicked "Sign in" (the header and
    the footer send it): a buyer goes back there, the others to their start page. Either is
    followed only when it is this site's."""

    authentication_form = SignInForm
    came_from_field = "from"

    def get_default_redirect_url(self) -> str:
        # Reversed here, not LOGIN_REDIRECT_URL's fixed "/": that is the Chinese home, which
        # is why English sign-ins used to land in Chinese.
        return start_page(self.request.user, came_from=self.came_from())

    def came_from(self) -> str:
        url = self.request.POST.get(
            self.came_from_field, self.request.GET.get(self.came_from_field)
        )
        safe = url_has_allowed_host_and_scheme(
            url=url,
            allowed_hosts=self.get_success_url_allowed_hosts(),
            require_https=self.request.is_secure(),
        )
        return url if safe else ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"came_from": self.came_from()}


def page_not_found(request: HttpRequest, exception: Exception | None = None):
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest):
    # No context processors that touch the database: the database may be what failed.
    return render(request, "500.html", status=500)
