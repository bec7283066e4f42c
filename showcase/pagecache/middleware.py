"""Serves showcase pages to visitors without a session from the shared cache, and keeps them.

Early in MIDDLEWARE, right after the security headers and whitenoise: a visitor without a
session cookie or a messages cookie is answered before sessions, locale, CSRF, auth and
messages run, since none of them would change what she gets. What they would have added is
in the kept entry instead: the rendered answer's headers (Vary, Content-Language,
X-Frame-Options …) are kept with it and replayed; the middleware outside this one (request id,
HSTS and the other security headers, Content-Security-Policy, Permissions-Policy) runs for
every answer. The one thing done per visitor is her CSRF token in the add-to-cart form, with
the cookie that goes with it, by CsrfViewMiddleware's own code.
"""

import re

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from showcase.pagecache.store import CSRF_HOLE, Entry, Slot

# The query parameters a showcase page reads (a listing's filters and page number), each with
# the values it can take; any other parameter, or another value, is not cached (a bot cannot
# fill the cache with ?utm=1, ?utm=2, …).
QUERY_RULES = {
    "page": re.compile(r"[1-9][0-9]{0,3}"),
    "category": re.compile(r"[a-z0-9_-]{1,50}"),
    "cooperative": re.compile(r"[a-z0-9_-]{1,50}"),
    "availability": re.compile(r"in_stock|made_to_order"),
    "kind": re.compile(r"[a-z_]{1,20}"),
}
# What {% csrf_token %} renders; its value is a visitor's own, so it is never shared.
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
# The page types whose pages look the same to every visitor without a session.
CACHED_PAGE_TYPES = {
    "homepage",
    "productindexpage",
    "productpage",
    "cooperativeindexpage",
    "cooperativepage",
    "storyindexpage",
    "storypage",
}
# Headers of a rendered answer that are not kept: set anew for each copy (labelled(), the
# length of her body), or by the server.
UNKEPT_HEADERS = {"cache-control", "content-length", "date", "etag", "expires", "last-modified"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Reads a visitor's CSRF cookie and sets it on the way out, as it does further in, for
        # the copies served before it would run.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_ENABLED:
            return self.get_response(request)
        slot = shared_slot(request)
        entry, generation = slot.lookup() if slot else (None, "")
        if entry is not None:
            return self.served(request, entry)
        response = self.get_response(request)
        if not is_showcase_page(request, response):
            return response
        if slot is None or response.status_code != 200:
            return private(response)
        return kept(request, response, slot, generation)

    def served(self, request: HttpRequest, entry: Entry) -> HttpResponse:
        if not entry.has_csrf_hole:
            return conditional(request, copy(entry, entry.body), entry)
        self.csrf.process_request(request)
        has_cookie = "CSRF_COOKIE" in request.META and not request.META.get(
            "CSRF_COOKIE_NEEDS_UPDATE"
        )
        # Her own token in the hole (a new visitor's secret is made here, and its cookie set).
        response = copy(entry, entry.body.replace(CSRF_HOLE, get_token(request).encode()))
        if has_cookie:
            # Not without: a copy she kept would carry a token of a cookie she no longer has.
            response = conditional(request, response, entry)
        return self.csrf.process_response(request, response)


def shared_slot(request: HttpRequest) -> Slot | None:
    """Where this request's page is kept, when it may be shared: a GET or HEAD from a visitor
    with no session and no message waiting, asking only for parameters a page reads."""
    if request.method not in ("GET", "HEAD") or not is_sessionless(request):
        return None
    query = canonical_query(request)
    if query is None:
        return None
    # The path holds the language (/… Chinese, /en/… English: LocaleMiddleware reads it there).
    return Slot.of(host=request.get_host(), path=request.path, query=query)


def is_sessionless(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def canonical_query(request: HttpRequest) -> str | None:
    """The query string in one spelling (sorted, empty fields dropped, as a filter form sends
    them), or None when it holds anything no page reads."""
    kept = []
    for name, values in sorted(request.GET.lists()):
        rule = QUERY_RULES.get(name)
        if rule is None or len(values) > 1:
            return None
        if values[0] == "":
            continue
        if not rule.fullmatch(values[0]):
            return None
        kept.append(f"{name}={values[0]}")
    return "&".join(kept)


def is_showcase_page(request: HttpRequest, response: HttpResponse) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return False
    page = (getattr(response, "context_data", None) or {}).get("page")
    return page is not None and page._meta.model_name in CACHED_PAGE_TYPES


def kept(request: HttpRequest, response: HttpResponse, slot: Slot, generation: str) -> HttpResponse:
    """Keeps a freshly rendered page for everyone, unless it is not everyone's to see."""
    page = response.context_data["page"]
    if request.method != "GET" or is_personal(request, response):
        return private(response)  # a HEAD's body may be empty
    if page.get_view_restrictions().exists():
        # Defence in depth: Wagtail answers such a page to a visitor without a session with a
        # sign-in redirect or a password form, never the page; a hook might one day differ.
        return private(response)
    entry = Entry.of(
        body=CSRF_INPUT.sub(rb"\1" + CSRF_HOLE + rb"\2", response.content),
        headers=[(k, v) for k, v in response.items() if k.lower() not in UNKEPT_HEADERS],
        generation=generation,
    )
    slot.put(entry)
    return conditional(request, labelled(response, entry), entry)


def is_personal(request: HttpRequest, response: HttpResponse) -> bool:
    """Rendering it started a session, left a message, set a cookie other than the CSRF one
    (whose token is cut out of the copy), or used this request's CSP nonce (a shared copy
    would share the nonce, and the others' policies would not name it): it is hers alone."""
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return bool(
        (session is not None and session.modified)
        or (messages is not None and messages.added_new)
        or any(name != settings.CSRF_COOKIE_NAME for name in response.cookies)
        or get_nonce(request)
    )


def copy(entry: Entry, body: bytes) -> HttpResponse:
    """The kept answer with this body: its headers as they were rendered, and its labels."""
    response = HttpResponse(body)
    for name, value in entry.headers:
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(body))
    return labelled(response, entry)


def labelled(response: HttpResponse, entry: Entry) -> HttpResponse:
    """Validators for every copy; shareable by a proxy only when it holds no visitor's token."""
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.last_modified)
    patch_vary_headers(response, ("Cookie",))
    if entry.has_csrf_hole:
        patch_cache_control(response, private=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
    else:
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
            s_maxage=settings.PAGE_CACHE_PROXY_SECONDS,
        )
    return response


def conditional(request: HttpRequest, response: HttpResponse, entry: Entry) -> HttpResponse:
    """A 304 Not Modified when the visitor's copy is this one (If-None-Match, If-Modified-Since)."""
    return get_conditional_response(
        request, etag=entry.etag, last_modified=entry.last_modified, response=response
    )


def private(response: HttpResponse) -> HttpResponse:
    """A page made for one visitor (her cart, her name): no shared cache may keep it."""
    patch_vary_headers(response, ("Cookie",))
    patch_cache_control(response, private=True, no_cache=True)
    return response
