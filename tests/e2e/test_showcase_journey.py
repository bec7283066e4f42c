"""A visitor on a phone and on a desktop: home → product → its cooperative → English."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.checks import DESKTOP, PHONE, assert_fits


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
    browser, live_server, bilingual_site, screenshot, viewport
):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )

    # given the home page in Chinese
    page.goto(live_server.url + "/")
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
