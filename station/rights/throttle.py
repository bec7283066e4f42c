"""How many rights requests one visitor may send: a few an hour from one address and from one
browser session, counted in the shared cache (Redis in production), so a flood is refused on
every app server alike, while a mother who sends a second question is not."""

from django.core.cache import cache
from django.http import HttpRequest

from config.auth import client_address

PER_HOUR = 3
WINDOW = 3600


def rights_request_allowed(request: HttpRequest) -> bool:
    """Counts this attempt and says whether it is within the limits. Each key's hour starts
    with its first attempt (cache.add), and incr is atomic in the shared cache."""
    keys = [f"rights-throttle:ip:{client_address(request) or 'unknown'}"]
    if request.session.session_key:
        keys.append(f"rights-throttle:session:{request.session.session_key}")
    return all(_count(key) <= PER_HOUR for key in keys)


def _count(key: str) -> int:
    if cache.add(key, 1, timeout=WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first of a new hour
        cache.add(key, 1, timeout=WINDOW)
        return 1
