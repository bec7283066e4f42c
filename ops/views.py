"""Health and metrics endpoints for the load balancer, the orchestrator and Prometheus. None
is language-prefixed, none sets a cookie or shows a secret."""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from ops import metrics
from ops.checks import CHECKS
from ops.collectors import DatabaseCollector


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Alive: the process answers. No database, no cache: a database outage must not get
    every app server restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready: the database answers, the cache keeps a value, a worker beat lately. 503 with
    the failing check's word otherwise."""
    results = {name: check() for name, check in CHECKS.items()}
    ready = all(passed for _, passed in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", "checks": {n: w for n, (w, _) in results.items()}},
        status=200 if ready else 503,
    )


def metrics_allowed(request: HttpRequest) -> bool:
    """With the bearer token of METRICS_TOKEN, or straight from an allowed network. A request
    relayed by a proxy (X-Forwarded-For) is never taken for local: behind nginx on the same
    machine every visitor would come from 127.0.0.1."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if "X-Forwarded-For" in request.headers or "X-Real-IP" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


@never_cache
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse(status=403)
    registry = CollectorRegistry()
    metrics.counters_collector(registry)
    registry.register(DatabaseCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
