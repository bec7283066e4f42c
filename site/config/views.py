"""Project-wide views: health check, sign-in and error pages."""

import logging

from django.contrib.auth.views import LoginView
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.forms import SignInForm
from config.roles import start_page

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (for the load balancer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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
    language she signed in in; a safe ``next`` (this host's) still wins, another host's is
    ignored."""

    authentication_form = SignInForm

    def get_default_redirect_url(self) -> str:
        # Reversed here, not LOGIN_REDIRECT_URL's fixed "/": that is the Chinese home, which
        # is why English sign-ins used to land in Chinese.
        return start_page(self.request.user)


def page_not_found(request: HttpRequest, exception: Exception | None = None):
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest):
    # No context processors that touch the database: the database may be what failed.
    return render(request, "500.html", status=500)
