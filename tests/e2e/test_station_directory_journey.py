"""The 妈妈岗 directory and rights help on a 360-px phone in chromium: a mother finds a
position that ends by 15:30, opens its employer and the print view; asks the federation for
help; an employer's staff member closes a position she keeps. Nothing scrolls sideways and
axe-core finds nothing serious, in Chinese and in English.

Screenshots: the filtered directory, an employer, the print view, the rights page (zh, en),
and the employer's positions, at 360 px.
"""

import pytest

from station.demo.directory import EMPLOYER_LOGIN, seed_directory
from station.models import Position, RightsRequest
from tests.e2e.checks import PHONE, AxeFindings, assert_fits
from tests.factories import ShowcaseTree


@pytest.fixture
def site(transactional_db, live_server):
    seed_directory(home=ShowcaseTree().home)
    return live_server.url


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    yield context.new_page()
    context.close()


def seen(page, axe: AxeFindings, screenshot, name: str) -> None:
    assert_fits(page)
    axe.check(page, name)
    screenshot(page, name)


def test_a_mother_finds_a_position_and_asks_for_help(site, phone, screenshot):
    axe = AxeFindings()
    phone.goto(f"{site}/directory/")
    phone.locator("#id_ends_by").fill("15:30")
    phone.locator("#id_open_only").check()
    phone.locator("form.filters button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.locator("article.employer").count() == 5  # every demo employer has one
    assert "质检员" not in phone.content()  # closed, and ends at 16:00
    seen(phone, axe, screenshot, "directory")

    phone.get_by_role("link", name="彩虹手编").click()
    phone.wait_for_load_state()
    assert "中国结编织（居家）" in phone.content()
    seen(phone, axe, screenshot, "employer")

    phone.goto(f"{site}/directory/print/?ends_by=15:30&open_only=on")
    assert "最晚下班: 15:30" in phone.content()
    seen(phone, axe, screenshot, "print")

    phone.goto(f"{site}/rights/")
    assert "每周二、周四、周六上午" in phone.content()
    phone.locator("#id_name").fill("张女士")
    phone.locator("#id_phone").fill("13800001234")
    phone.locator("#id_topic").select_option("contract")
    phone.locator("#id_what_happened").fill("老板不肯签劳动合同。")
    phone.locator("#id_consent").check()
    phone.locator("form.form button[type=submit]").click()
    phone.wait_for_load_state()
    assert "您的申请已送达妇联" in phone.content()
    assert RightsRequest.objects.get().name == "张女士"
    seen(phone, axe, screenshot, "rights")

    phone.goto(f"{site}/en/rights/")
    assert "Ask for help" in phone.content()
    seen(phone, axe, screenshot, "rights-en")
    phone.goto(f"{site}/en/directory/?flexibility=bus")
    assert "Baoquan Peanuts" in phone.content()
    assert_fits(phone)
    axe.assert_none()


def test_an_employers_staff_closes_her_position(site, phone, screenshot):
    axe = AxeFindings()
    _role, username, password = EMPLOYER_LOGIN
    phone.goto(f"{site}/accounts/login/?next=/station/positions/")
    phone.locator("#id_username").fill(username)
    phone.locator("#id_password").fill(password)
    phone.locator("form.form button[type=submit]").click()
    phone.wait_for_load_state()
    assert "花生分拣" in phone.content() and "导购" not in phone.content()
    seen(phone, axe, screenshot, "positions")

    sorting = Position.objects.get(title="花生分拣")
    phone.goto(f"{site}/station/positions/{sorting.pk}/")
    phone.locator("#id_is_open").uncheck()
    phone.locator("#id_openings").fill("0")
    phone.locator("form.form button[type=submit]").click()
    phone.wait_for_load_state()
    assert "岗位信息已更新" in phone.content()
    sorting.refresh_from_db()
    assert not sorting.is_open and sorting.openings == 0
    axe.assert_none()
