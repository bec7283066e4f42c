"""Server CPU per request of each uncached showcase page, measured in-process.

Each request goes through Django's own WSGI handler (the one gunicorn calls), so the
request_started/request_finished signals close or keep the database connection exactly as in
production. Run with production settings on a demo world (issue 15, point 3):

    source env.sh   # DJANGO_SETTINGS_MODULE=config.settings.production, SQLITE_PATH, ...
    python manage.py migrate && python manage.py seed_demo --allow-without-debug
    python bench/showcase_profile.py                 # CPU ms/request and queries, per page
    python bench/showcase_profile.py --profile coop  # and cProfile's top functions for one page

CPU is time.process_time() around one request (this process's CPU only: what the app server
spends), the median of --requests after --warmup; queries are counted on one warm request.
Not a timed test: the figures depend on the machine and its load, printed beside them.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests first")
    parser.add_argument("--only", nargs="*", default=[], help="page kinds to measure")
    parser.add_argument("--profile", default="", help="a page kind to profile with cProfile")
    parser.add_argument("--top", type=int, default=40, help="functions the profile shows")
    parser.add_argument("--english", action="store_true", help="the /en/ pages")
    parser.add_argument(
        "--session",
        action="store_true",
        help="as a visitor with a session (signed in, a cart): the page cache never serves her",
    )
    return parser.parse_args()


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()


def page_urls(english: bool) -> dict[str, str]:
    """One URL per page kind, from the demo world (the first live page of each kind)."""
    from wagtail.models import Locale

    from showcase.models import CooperativePage, ProductPage, StoryPage

    locale = Locale.objects.get(language_code="en" if english else "zh-hans")
    prefix = "/en" if english else ""

    def first(model) -> str:
        page = model.objects.live().filter(locale=locale).order_by("path").first()
        return page.get_url()

    return {
        "home": f"{prefix}/",
        "products": f"{prefix}/products/",
        "product": first(ProductPage),
        "coops": f"{prefix}/cooperatives/",
        "coop": first(CooperativePage),
        "stories": f"{prefix}/stories/",
        "story": first(StoryPage),
        "search": f"{prefix}/search/?q={quote('knot' if english else '结')}",
        "healthz": "/healthz",
    }


class Requester:
    """Calls the WSGI application as a server would, and returns the status and body."""

    def __init__(self, *, session: bool = False):
        from django.test import RequestFactory

        from config.wsgi import application  # gunicorn's: the URLconf loaded, gc frozen

        self.app = application
        self.factory = RequestFactory(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")
        if session:
            self.factory.cookies["sessionid"] = a_session_with_a_cart()

    def __call__(self, url: str) -> tuple[str, bytes]:
        environ = self.factory.get(url).environ
        status = []
        response = self.app(environ, lambda s, headers, exc=None: status.append(s))
        try:
            body = b"".join(response)
        finally:
            response.close()  # request_finished: closes the connection when CONN_MAX_AGE says
        return status[0], body


def a_session_with_a_cart() -> str:
    """The key of a new session holding one piece of the first product in stock."""
    from django.conf import settings
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    from marketplace.models import Product
    from marketplace.services.cart import Cart

    store: SessionBase = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    product = Product.objects.filter(stock__gt=0).order_by("pk").first()
    Cart(store).add(product=product, quantity=1)
    store.save()
    return store.session_key


def cpu_ms(request: Requester, url: str, *, warmup: int, requests: int) -> list[float]:
    for _ in range(warmup):
        status, _body = request(url)
        assert status.startswith("200"), (url, status)
    times = []
    for _ in range(requests):
        start = time.process_time()
        request(url)
        times.append((time.process_time() - start) * 1000)
    return times


def query_count(request: Requester, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        request(url)
    return len(queries)


def profile(request: Requester, url: str, *, requests: int, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        request(url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    if os.environ.get("PROFILE_CALLERS"):
        stats.print_callers(os.environ["PROFILE_CALLERS"])
    return out.getvalue()


def main() -> None:
    args = parse_args()
    setup_django()
    from django.conf import settings

    request = Requester(session=args.session)
    urls = page_urls(args.english)
    kinds = args.only or list(urls)
    database = settings.DATABASES["default"]
    print(
        f"settings {os.environ['DJANGO_SETTINGS_MODULE']}, {database['ENGINE'].rsplit('.', 1)[-1]}"
        f", CONN_MAX_AGE {database.get('CONN_MAX_AGE', 0)}, load {os.getloadavg()[0]:.2f}"
        f", page cache {'on' if settings.PAGE_CACHE_ENABLED else 'off'}"
        f"{', a visitor with a session and a cart' if args.session else ''}"
    )
    print(f"{'page':<10}{'CPU ms (median)':>16}{'p10':>8}{'p90':>8}{'queries':>9}{'bytes':>8}  url")
    for kind in kinds:
        url = urls[kind]
        times = sorted(cpu_ms(request, url, warmup=args.warmup, requests=args.requests))
        queries = query_count(request, url)
        size = len(request(url)[1])
        tenth = len(times) // 10
        print(
            f"{kind:<10}{statistics.median(times):>16.2f}{times[tenth]:>8.2f}"
            f"{times[-tenth - 1]:>8.2f}{queries:>9}{size:>8}  {url}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.profile:
        print(profile(request, urls[args.profile], requests=args.requests, top=args.top))


if __name__ == "__main__":
    main()
