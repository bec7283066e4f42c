"""Browser journeys: Playwright driving Debian's chromium against pytest-django's live server.

Screenshots go to $ARTIFACTS_DIR (default test-artifacts/) as test artifacts.
"""

import datetime
import os
from pathlib import Path

from django.core.cache import cache

import pytest

from config.settings.base import env_bool
from tests.factories import CooperativeFactory, ProductFactory, ShowcaseTree, make_image

# Playwright's sync API runs an event loop in the test's thread; the ORM calls that the
# fixtures make around it are synchronous and safe, so Django's async guard is lifted. (Set at
# import: fixture teardown, where the database is flushed, outlives a monkeypatch.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(
    os.environ.get("ARTIFACTS_DIR", Path(__file__).resolve().parents[2] / "test-artifacts")
)


@pytest.fixture(autouse=True)
def _page_cache_as_in_production(settings):
    """Buyers meet the showcase's page cache in production, so the journeys run with it on
    (issue 15): what an editor publishes, a price or the stock a checkout takes must show
    through it. PAGE_CACHE=0 in the environment runs them without it. Each journey starts with
    an empty cache: the pages another journey kept were of its own database."""
    settings.PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run bin/system-deps (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


# Chromium logs a blocked script, style, frame or fetch as "Refused to …"; the listener also
# reports what the console might word otherwise (securitypolicyviolation is the standard).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.effectiveDirective + " blocked " +
    (event.blockedURI || "inline") + " in " + event.documentURI);
});
"""
POLICY_COMPLAINTS = ("Refused to", "Content Security Policy", "CSP violation", "Permissions-Policy")


@pytest.fixture(autouse=True)
def csp_violations(browser, monkeypatch):
    """Every page of the journey runs under the site's Content-Security-Policy: the journey
    fails on any violation (or a Permissions-Policy the browser cannot parse) in any of its
    browser contexts. Yields the list, which a test may inspect."""
    found: list[str] = []
    open_context = browser.new_context

    def new_context(*args, **kwargs):
        context = open_context(*args, **kwargs)
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", lambda message: _note_violation(message.text, found))
        return context

    monkeypatch.setattr(browser, "new_context", new_context)
    yield found
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)


def _note_violation(text: str, found: list[str]) -> None:
    if any(complaint in text for complaint in POLICY_COMPLAINTS) and text not in found:
        found.append(text)


@pytest.fixture
def screenshot(request):
    """screenshot(page, name): saves a full-page PNG under the artifacts directory."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    database = "postgres" if os.environ.get("DATABASE_URL") else "sqlite"

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}-{database}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def bilingual_site(transactional_db):
    """A small showcase in Chinese with its English translation: 2 cooperatives, 3 products."""
    tree = ShowcaseTree()
    knots = CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving", slug="caihong")
    buns = CooperativeFactory(name="喜我我花饽饽", name_en="Xiwowo Buns", slug="xiwowo")
    knot_coop = tree.add_cooperative(
        knots,
        image=make_image("coop", "#c0392b", (480, 320)),
        location="莱西市水集街道",
        awards=[("award", {"year": 2024, "title": "山东省优秀女性创业项目"})],
    )
    tree.add_cooperative(buns, image=make_image("buns", "#f4d03f", (480, 320)))
    knot = tree.add_product(
        ProductFactory(cooperative=knots, sku="KNOT-1", price="68.00", stock=12),
        title="如意中国结",
        image=make_image("knot", "#b3202a", (600, 600)),
        featured=True,
        image_alt="红色如意中国结",
    )
    bun = tree.add_product(
        ProductFactory(
            cooperative=buns,
            sku="BUN-1",
            price="88.00",
            fulfilment="made_to_order",
            lead_time_days=5,
            stock=0,
        ),
        title="寿桃花饽饽",
        image=make_image("bun", "#f5cba7", (600, 600)),
        featured=True,
        image_alt="粉白寿桃花饽饽",
    )
    tree.add_story(
        title="接娃之前编十个结",
        date=datetime.date(2026, 5, 1),
        image=make_image("story", "#e59866", (480, 320)),
        image_alt="妈妈在家编结",
    )
    english = {
        tree.home: "Fine Goods by Women",
        tree.products: "Products",
        tree.cooperatives: "Cooperatives",
        tree.stories: "Stories",
        knot_coop: "Rainbow Handweaving",
        knot: "Ruyi Chinese knot",
        bun: "Longevity peach buns",
    }
    for page, title in english.items():
        tree.translate(page, title=title)
    return tree
