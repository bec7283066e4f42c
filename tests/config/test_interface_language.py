"""Every page of every role speaks the page's language: no English word on a Chinese page, no
Chinese on an English one, apart from the content people typed in and a few reasoned words.

The pages are every address the URL resolver knows inside the language prefix (tests/
site_crawl.py), as an anonymous buyer, a signed-in buyer, a mother, a coordinator, the women's
federation and a site editor each get them; the editor also opens the Wagtail admin's pages
of our own models. A few forms are sent wrong, so that their error messages are read too.
A failure lists each address with the words it found there.
"""

import pytest

from tests.interface_text import (
    CHINESE,
    ENGLISH_WORD,
    database_text,
    foreign_words,
    wagtail_untranslated_words,
)
from tests.site_crawl import AREAS, CrawlWorld, Visit, routes

ROLES = ("anonymous", "buyer", "mother", "coordinator", "federation", "editor")

# English words a Chinese page may show, and why.
ALLOWED_ENGLISH = {
    "English",  # the language switch names the other language in that language
    "Stripe",  # the card payment and payout service, by its own name
    "PDF",  # file formats, on their download links
    "CSV",
    "XLSX",
    "JPG",  # the kinds of photo an upload takes
    "JPEG",
    "PNG",
    "WEBP",
    "Excel",  # the spreadsheet program the XLSX exports open in
    "EMS",  # China Post's express service, a carrier's own name
}
# Chinese an English page may show: the language switch, naming Chinese in Chinese.
ALLOWED_CHINESE = {"中文", "简体中文"}

# Apps whose rows are the pages' content (the people, the catalogue, production and money,
# the showcase's pages and images, the station's courses).
CONTENT_APPS = (
    "auth",
    "marketplace",
    "orders",
    "showcase",
    "station",
    "wagtailcore",
    "wagtailimages",
)


@pytest.fixture
def world(db) -> CrawlWorld:
    return CrawlWorld.build()


def visits(world: CrawlWorld, language: str) -> tuple[list[Visit], list[str]]:
    """Every page each role gets in ``language`` (the public ones and those of her own area),
    and what could not be visited: an id the world lacks, a page that fails, or an address
    in her own area that refuses her."""
    seen, problems = [], []
    for role in ROLES:
        for route in routes():
            owner = _owner(route.name)
            if owner not in (None, role):
                continue
            url = world.address(role, route, language)
            if url is None:
                problems.append(f"{route.name}: no value for {route.kwargs} in site_crawl.py")
                continue
            visit = world.get(role, url)
            if visit.status >= 500 or (owner and visit.status in (403, 404)):
                problems.append(f"{url} ({role}): {visit.status}")
            seen.append(visit)
        seen += [world.get(role, url) for url in _showcase(world, language)]
    return seen, problems


def _owner(name: str) -> str | None:
    """The role whose area the named address is in; None for a public one."""
    return next((role for role, prefix in AREAS.items() if name.startswith(prefix)), None)


# A search in each language that finds the product, and one that finds nothing (its query, a
# number, is no word in either language).
SEARCHES = {
    "zh-hans": ("/search/?q=中国结", "/search/?q=0000"),
    "en": ("/en/search/?q=knot", "/en/search/?q=0000"),
}


def _showcase(world: CrawlWorld, language: str) -> list[str]:
    return [*world.showcase[language], *SEARCHES[language]]


def wrong_forms(world: CrawlWorld, language: str) -> list[Visit]:
    """Forms sent empty or wrong, and steps taken out of turn, so that their error messages
    (on the form, or flashed on the page she is sent to) are read too."""
    at = "" if language == "zh-hans" else f"/{language}"
    ids = world.ids["coordinator"]
    order, line, claim = ids["order_id"], ids["line_id"], ids["claim_id"]
    product = world.things["product"].pk
    return [
        world.get("anonymous", f"{at}/no-such-page/"),
        world.get("anonymous", f"{at}/accounts/card/", token="not-a-card"),
        world.post("anonymous", f"{at}/accounts/login/", {"username": "1", "password": "x"}),
        world.post("anonymous", f"{at}/cart/add/", {"product": product, "quantity": "0"}),
        world.post("anonymous", f"{at}/cart/add/", {"product": product, "quantity": "99"}),
        world.post("buyer", f"{at}/cart/add/", {"product": product, "quantity": "1"}),
        world.post("buyer", f"{at}/checkout/", {}),
        world.post("coordinator", f"{at}/co/orders/new/", {"quantity": "x", "piece_rate": "x"}),
        world.post("coordinator", f"{at}/co/orders/{order}/publish/", {}),
        world.post(
            "coordinator",
            f"{at}/co/orders/{order}/claims/{claim}/handover/",
            {f"c{claim}-count": "99"},
        ),
        world.post(
            "coordinator",
            f"{at}/co/orders/{order}/handovers/{ids['handover_id']}/inspect/",
            {"accepted": "1"},
        ),
        world.post("coordinator", f"{at}/co/members/new/", {"phone": "12"}),
        world.post("coordinator", f"{at}/co/orders/reasons/", {"name": ""}),
        world.post("coordinator", f"{at}/co/payouts/preview/", {"cutoff": "x"}),
        world.post("coordinator", f"{at}/co/lines/{line}/ship/", {}),
        world.post("coordinator", f"{at}/co/lines/{line}/deliver/", {}),
        world.post("coordinator", f"{at}/co/payouts/mothers/{ids['membership_id']}/details/", {}),
        world.get("coordinator", f"{at}/co/dashboard/", **{"from": "x", "to": "y"}),
        world.post("mother", f"{at}/work/orders/{order}/", {"quantity": "x"}),
        world.get("federation", f"{at}/federation/", **{"from": "x", "to": "y"}),
    ]


def editors_pages(world: CrawlWorld) -> list[Visit]:
    """The editor's pages of our own models in the Wagtail admin (the rest is Wagtail's):
    each snippet's listing, its add form (empty, then sent empty) and an edit form."""
    product = world.things["product"]
    rows = {"cooperative": product.cooperative_id, "category": product.category_id}
    found = []
    for model, pk in (rows | {"product": product.pk}).items():
        base = f"/cms/snippets/marketplace/{model}/"
        found += [world.get("editor", base), world.get("editor", f"{base}add/")]
        found.append(world.post("editor", f"{base}add/", {}))
        found.append(world.get("editor", f"{base}edit/{pk}/"))
    return found


def report(found: dict[str, dict[str, str]]) -> str:
    """Each address, and under it each word with the text it is in."""
    lines = []
    for url, words in found.items():
        lines.append(url)
        lines += [f"    {word!r} in {text[:80]!r}" for word, text in words.items()]
    return "\n".join(lines)


def test_every_chinese_page_is_all_chinese(world):
    pages, problems = visits(world, "zh-hans")
    pages += wrong_forms(world, "zh-hans") + editors_pages(world)
    content = database_text(app_labels=CONTENT_APPS, language="zh-hans")
    admin_content = database_text(app_labels=CONTENT_APPS, language=None)
    admin_allowed = ALLOWED_ENGLISH | wagtail_untranslated_words("zh-hans")

    found = {}
    for visit in pages:
        in_admin = visit.url.startswith("/cms/")
        words = foreign_words(
            visit.html,
            pattern=ENGLISH_WORD,
            content=admin_content if in_admin else content,
            allowed=admin_allowed if in_admin else ALLOWED_ENGLISH,
        )
        if words:
            found[f"{visit.url} ({visit.role}, {visit.status})"] = words

    assert problems == []
    assert len([visit for visit in pages if visit.html]) > 60
    assert not found, "English words on Chinese pages:\n" + report(found)


def test_every_english_page_is_all_english(world):
    pages, problems = visits(world, "en")
    pages += wrong_forms(world, "en")
    content = database_text(app_labels=CONTENT_APPS, language="en")

    found = {}
    for visit in pages:
        words = foreign_words(visit.html, pattern=CHINESE, content=content, allowed=ALLOWED_CHINESE)
        if words:
            found[f"{visit.url} ({visit.role}, {visit.status})"] = words

    assert problems == []
    assert len([visit for visit in pages if visit.html]) > 60
    assert not found, "Chinese on English pages:\n" + report(found)
