"""The header, seen by each role in chromium. On a 360-px phone it is one row (brand, cart,
a menu that a keyboard opens) and it scrolls away with a mother's page instead of covering
it; at 1280 px every link of her roles is in view. Each person signs in through the form and
lands on her own start page, in the language she signed in in.

Screenshots: /work/, /co/, /federation/ and the shop's home at 360 and 1280 px.
"""

from django.contrib.auth.models import Group, Permission

import pytest

from marketplace.models import Cooperative, Role
from tests.e2e.checks import DESKTOP, AxeFindings, assert_fits
from tests.factories import MembershipFactory, UserFactory
from tests.orders.factories import SkillFactory, knot_order

PASSWORD = "test-pass-2026"  # UserFactory's
PHONE = {"width": 360, "height": 740}  # the phone the header was measured on (issue 12)
FEDERATION_GROUP = "妇联 / Women's federation"
# What the header may take of the phone's 740 px: one row of 44-px targets and its padding.
PHONE_HEADER_MAX = 64

# username, start page, the header links only she sees
PEOPLE = {
    "mother": ("13800000001", "/work/", ["/work/"]),
    "coordinator": ("coord-caihong", "/co/lines/", ["/co/", "/co/orders/", "/co/payouts/"]),
    "federation": ("fulian", "/federation/", ["/federation/"]),
}


@pytest.fixture
def site(bilingual_site, live_server):
    """The bilingual showcase, its knot cooperative's coordinator and a trained mother with
    an open order to claim, and the women's federation."""
    coop = Cooperative.objects.get(slug="caihong")
    coordinator = UserFactory(username="coord-caihong", first_name="孙红霞")
    MembershipFactory(user=coordinator, cooperative=coop, role=Role.COORDINATOR)
    mother = UserFactory(username="13800000001", first_name="王秀英")
    membership = MembershipFactory(user=mother, cooperative=coop, role=Role.MOTHER)
    order = knot_order(coop, required_skill=SkillFactory())
    membership.skills.create(skill=order.required_skill)
    federation = UserFactory(username="fulian", first_name="莱西市妇联")
    # Made by migration orders 0007; a live-server test's flush empties it afterwards.
    group, _ = Group.objects.get_or_create(name=FEDERATION_GROUP)
    group.permissions.add(Permission.objects.get(codename="view_federation"))
    federation.groups.add(group)
    return live_server.url


def sign_in(page, base: str, username: str, *, prefix: str = "") -> None:
    page.goto(f"{base}{prefix}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()


def header_box(page) -> dict:
    return page.evaluate(
        """() => {
          const header = document.querySelector('.site-header');
          const box = header.getBoundingClientRect();
          return {top: box.top, height: box.height, position: getComputedStyle(header).position};
        }"""
    )


def open_page(browser, viewport, locale: str = "zh-CN"):
    context = browser.new_context(viewport=viewport, locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_a_mothers_header_is_one_row_that_scrolls_away_on_a_phone(
    site, browser, screenshot, prefix
):
    axe = AxeFindings()
    context, page = open_page(browser, PHONE)
    try:
        sign_in(page, site, "13800000001", prefix=prefix)
        assert page.url == f"{site}{prefix}/work/"

        header = header_box(page)
        assert header["height"] <= PHONE_HEADER_MAX, header
        assert header["position"] not in ("sticky", "fixed"), header
        assert_fits(page)
        axe.check(page, "work-menu-closed")
        screenshot(page, "work")

        # Scrolled down, the header has gone up with the page: nothing covers her work.
        scrolled_by = page.evaluate("() => { window.scrollTo(0, 400); return window.scrollY; }")
        assert scrolled_by >= PHONE_HEADER_MAX, "the page is too short to scroll"
        scrolled = header_box(page)
        assert scrolled["top"] <= -scrolled["height"], scrolled
        page.evaluate("() => window.scrollTo(0, 0)")

        # The menu opens from the keyboard and holds her work, the search, the languages.
        assert not page.locator("#site-search").is_visible()
        page.locator(".site-menu__button").focus()
        page.keyboard.press("Enter")
        assert page.locator("#site-search").is_visible()
        assert page.locator(".site-header a[data-role=mother]").is_visible()
        assert page.locator(".site-header .lang").is_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "site-search"
        assert_fits(page)
        axe.check(page, "work-menu-open")
        screenshot(page, "work-menu-open")
    finally:
        context.close()
    axe.assert_none()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-360"])
@pytest.mark.parametrize("role", list(PEOPLE))
def test_each_role_lands_on_her_start_page_and_finds_her_links(
    site, browser, screenshot, viewport, role
):
    username, start, links = PEOPLE[role]
    axe = AxeFindings()
    context, page = open_page(browser, viewport)
    try:
        sign_in(page, site, username)
        assert page.url == f"{site}{start}"
        if viewport == DESKTOP:
            assert not page.locator(".site-menu__button").is_visible()
        else:
            assert header_box(page)["height"] <= PHONE_HEADER_MAX
            page.locator(".site-menu__button").click()
        for link in links:
            assert page.locator(f'.site-header a[href="{link}"]').is_visible(), link
        others = [other for other in PEOPLE if other != role]
        for other in others:
            assert page.locator(f".site-header a[data-role={other}]").count() == 0, other
        assert_fits(page)
        axe.check(page, f"{role}-start")
        screenshot(page, f"{role}-start")
    finally:
        context.close()
    axe.assert_none()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-360"])
@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_the_shop_header_for_a_visitor(site, browser, screenshot, viewport, prefix):
    axe = AxeFindings()
    context, page = open_page(browser, viewport)
    try:
        page.goto(f"{site}{prefix}/")
        header = header_box(page)
        if viewport == DESKTOP:
            # Links and search in view; the shop's header stays at hand while she browses.
            assert header["position"] == "sticky"
            assert page.locator("#site-search").is_visible()
            assert page.locator(".site-header nav a", has_text="").first.is_visible()
        else:
            assert header["height"] <= PHONE_HEADER_MAX, header
            assert header["position"] not in ("sticky", "fixed"), header
        assert page.locator(".site-header a[data-role]").count() == 0
        assert_fits(page)
        axe.check(page, "home")
        screenshot(page, "home")
    finally:
        context.close()
    axe.assert_none()


def test_a_mothers_header_does_not_stick_on_a_desk_either(site, browser):
    context, page = open_page(browser, DESKTOP)
    try:
        sign_in(page, site, "13800000001", prefix="/en")
        assert page.url == f"{site}/en/work/"
        assert header_box(page)["position"] not in ("sticky", "fixed")
        assert page.locator('.site-header a[href="/en/work/"]').is_visible()
    finally:
        context.close()
