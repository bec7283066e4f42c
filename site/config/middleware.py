"""Security headers: Permissions-Policy, and Django's Content-Security-Policy made to leave
Wagtail's previews to the admin's policy; and X-Served-By, naming the app server in a cluster."""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.middleware import csp

from marketplace.stripe_gateway import stripe_js_origin

# Powerful features no page of ours uses: off for the site and for every frame in it.
FEATURES_OFF = (
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "usb",
)


def permissions_policy() -> str:
    """Payment (a wallet's payment sheet) stays for us and Stripe.js's frames only."""
    off = [f"{feature}=()" for feature in FEATURES_OFF]
    return ", ".join([*off, f'payment=(self "{stripe_js_origin()}")'])


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy to every response that has none. Built per response from the
    settings, which the tests change to point Stripe elsewhere; it costs microseconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", permissions_policy())
        return response


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's, except for the request Wagtail makes to render a page preview: it runs
    through the middleware again inside the admin's preview view, and the site's policy
    (frame-ancestors 'none') would stop the admin from framing it. Left without a policy
    there, the preview gets the admin's own (config.urls) on its way out."""

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            return response
        return super().process_response(request, response)


class ServedByMiddleware:
    """Names the app server that answered (X-Served-By: app1) when APP_INSTANCE is set, so that
    an operator, or the cluster's tests, can see where the load balancer sent a request.
    Unset, Django drops this middleware at startup and nothing is said."""

    def __init__(self, get_response):
        if not settings.APP_INSTANCE:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.instance = settings.APP_INSTANCE

    def __call__(self, request):
        response = self.get_response(request)
        response.headers["X-Served-By"] = self.instance
        return response
