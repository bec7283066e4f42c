"""A visitor on a phone and on a desktop: home → product → its cooperative → English."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.checks import DESKTOP, PHONE, assert_fits
from tests.factories import CategoryFactory, ProductFactory, make_image

# Knots whose titles do not say 中国结: search finds them by their category.
MORE_KNOTS = {
    "红色8寸平安结挂饰": "#b3202a",
    "福字盘长结（大号）": "#c0392b",
    "喜字婚庆结（一对）": "#e74c3c",
    "手编红绳转运手链": "#922b21",
}


def assert_accessible(page):
    """axe-core finds no serious or critical violation on the page."""
    results = Axe().run(page)
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


def open_menu(page) -> None:
    """A phone's header keeps its links in a menu; a desk's shows them (no menu button)."""
    button = page.locator(".site-menu__button")
    if button.is_visible():
        button.click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-360", "desktop"])
def test_visitor_goes_from_home_to_product_to_cooperative_and_switches_language(
    browser, live_server, bilingual_site, screenshot, viewport, settings
):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )

    # given the home page in Chinese, from the page cache as in production (e2e/conftest.py)
    page.goto(live_server.url + "/")
    again = page.goto(live_server.url + "/")
    if settings.PAGE_CACHE_ENABLED:
        assert again.headers.get("etag") and "public" in again.headers["cache-control"]
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("heading", name="推荐好品").is_visible()
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, "home")

    # when she opens a featured product
    page.get_by_role("link", name="如意中国结").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "如意中国结"
    assert page.get_by_text("¥68.00").first.is_visible()
    assert page.get_by_text("现货").first.is_visible()
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, "product")

    # and goes on to the cooperative that made it
    page.get_by_role("link", name="彩虹手编").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "彩虹手编"
    assert page.get_by_text("山东省优秀女性创业项目").is_visible()
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, "cooperative")

    # then switches to English (on a phone, from the header's menu) and stays on the same
    # cooperative
    open_menu(page)
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/en/cooperatives/caihong/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Rainbow Handweaving"
    open_menu(page)
    assert page.get_by_role("link", name="Products", exact=True).is_visible()
    assert_fits(page)
    screenshot(page, "cooperative-en")

    assert outside == [], "the site must load nothing from other hosts"
    context.close()


def test_listing_filters_and_search_in_the_browser(
    browser, live_server, bilingual_site, screenshot
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    page.goto(live_server.url + "/products/")
    page.get_by_label("供货").select_option("made_to_order")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_load_state()
    assert page.get_by_text("寿桃花饽饽").is_visible()
    assert page.get_by_text("如意中国结").count() == 0
    assert_accessible(page)
    screenshot(page, "listing-filtered")

    open_menu(page)  # the site search is in the phone's header menu
    page.get_by_label("搜索好品和故事").fill("中国结")
    page.get_by_label("搜索好品和故事").press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("link", name="如意中国结").is_visible()
    assert_accessible(page)
    screenshot(page, "search")
    context.close()


@pytest.fixture
def knot_catalogue(bilingual_site):
    knots = CategoryFactory(name="中国结", name_en="Chinese knots", slug="chinese-knots")
    caihong = bilingual_site.cooperatives.get_children().first().specific.cooperative
    for n, (title, colour) in enumerate(MORE_KNOTS.items()):
        bilingual_site.add_product(
            ProductFactory(cooperative=caihong, category=knots, sku=f"KNOT-{n + 2}"),
            title=title,
            image=make_image(f"knot-{n}", colour, (600, 600)),
            image_alt=title,
        )
    return bilingual_site


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-360", "desktop"])
def test_search_for_a_category_finds_every_product_in_it(
    browser, live_server, knot_catalogue, screenshot, viewport
):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()

    page.goto(live_server.url + "/search/?q=中国结")

    assert page.get_by_role("status").inner_text() == "“中国结”共有 5 条结果"
    titles = page.locator(".card__title").all_inner_texts()
    assert titles[0] == "如意中国结"  # the one whose title says it comes first
    assert sorted(titles[1:]) == sorted(MORE_KNOTS)
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, "search-category")

    # and a word that finds nothing leads on to the kinds of product
    page.goto(live_server.url + "/search/?q=独角兽")
    assert page.get_by_role("status").inner_text() == "没有找到与“独角兽”相关的内容。"
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, "search-empty")
    page.get_by_role("link", name="中国结", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="福字盘长结（大号）").is_visible()
    context.close()
