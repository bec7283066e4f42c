"""A mother registers what work she looks for on her 360-px phone (in Chinese), consenting to
be contacted; the station's staff of her area find her beside the position that fits, and
record the recommendation and its outcome."""

import datetime

import pytest

from station.models import Outcome, Recommendation, Registration
from tests.e2e.checks import PHONE, AxeFindings, assert_fits
from tests.factories import UserFactory
from tests.station.matching.factories import AreaFactory, PositionFactory, StaffFactory


@pytest.fixture
def station_site(transactional_db, live_server):
    area = AreaFactory()
    UserFactory(username="13800000001", first_name="王秀兰")
    StaffFactory(user=UserFactory(username="station-shuiji", first_name="吕"), area=area)
    position = PositionFactory(starts_late=True, bus_route="妈妈班车 水集线")
    return live_server, area, position


def _sign_in(page, server, username: str, next_url: str) -> None:
    page.goto(f"{server.url}/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("test-pass-2026")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")


def test_she_registers_on_her_phone_and_the_staff_recommend_a_position(
    station_site, browser, screenshot
):
    server, area, position = station_site
    axe = AxeFindings()
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, server, "13800000001", "/station/wishes/")
    page.locator("#id_phone").fill("13800000001")
    page.locator("#id_earliest_start").fill("09:00")
    page.locator("#id_latest_finish").fill("15:30")
    page.locator(f"input[name=areas][value='{area.pk}']").check()
    page.locator("#id_needs_bus").check()
    page.locator("#id_consent").check()
    assert_fits(page)
    axe.check(page, "wish-form")
    screenshot(page, "wish-form")
    page.locator("form.form button[type=submit]").first.click()
    page.locator("#wish-status").wait_for()
    assert "驿站可能会联系您" in page.content()
    assert_fits(page)
    registration = Registration.objects.get()
    assert registration.earliest_start == datetime.time(9) and registration.consent
    context.close()

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, server, "station-shuiji", "/station/desk/")
    assert page.locator(f"[data-position-row='{position.pk}'] [data-fit]").inner_text() == "王秀兰"
    assert_fits(page)
    axe.check(page, "desk")
    page.locator(f"[data-registration='{registration.pk}'] h3 a").click()
    page.locator("#id_note").fill("周三面试")
    page.locator("form.form button[type=submit]").first.click()
    page.locator("[data-recommendation]").wait_for()
    page.locator("[data-recommendation] select").select_option(Outcome.PLACED)
    page.locator("[data-recommendation] button").click()
    page.locator(".message").wait_for()
    assert_fits(page)
    axe.check(page, "recommendation")
    screenshot(page, "recommendation")
    assert Recommendation.objects.get().outcome == Outcome.PLACED
    axe.assert_none()
