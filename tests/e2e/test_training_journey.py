"""A mother signs up for a course on her 360-px phone with her child, the station's staff
take the roll call on theirs, and she reads that she may take the knot work now — which
her work page then shows (issue 17, point 1; in Chinese)."""

import pytest

from marketplace.models import Role
from tests.e2e.checks import PHONE, AxeFindings, assert_fits
from tests.factories import MembershipFactory, ShowcaseTree, UserFactory
from tests.orders.factories import knot_order
from tests.station.training.factories import StationStaffFactory, course


@pytest.fixture
def training_site(transactional_db, live_server):
    tree = ShowcaseTree()
    mother = MembershipFactory(
        user=UserFactory(username="13800000004", first_name="刘芳"), role=Role.MOTHER
    )
    page = course(tree, sessions=2)
    knot_order(mother.cooperative, required_skill=page.skill)
    staff = StationStaffFactory(user=UserFactory(username="station-shuiji"), area=page.area)
    return live_server, page, mother.user, staff.user


def sign_in(browser, server, username: str, next_url: str):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{server.url}/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("test-pass-2026")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")
    return context, page


def test_sign_up_roll_call_and_the_skill_on_a_phone(training_site, browser, screenshot):
    server, course_page, mother, staff = training_site
    axe = AxeFindings()

    context, page = sign_in(browser, server, mother.username, course_page.url)
    assert "母婴室" in page.content()
    assert_fits(page)
    axe.check(page, "course")
    page.locator("input[name=with_child]").check()
    page.locator(".course-join button[type=submit]").click()
    page.locator("[data-state=enrolled]").wait_for()
    assert "您的孩子在母婴室有位置" in page.content()
    assert_fits(page)
    screenshot(page, "signed-up")

    roll_context, roll = sign_in(
        browser, server, staff.username, f"/station/courses/{course_page.pk}/roll/"
    )
    assert "刘芳" in roll.content()
    assert_fits(roll)
    axe.check(roll, "roll")
    for _ in range(2):
        roll.locator(".roll-mark:not(.roll-mark--present)").first.click()
        roll.wait_for_load_state()
    assert roll.locator(".roll-mark--present").count() == 2
    screenshot(roll, "roll-call")
    roll_context.close()

    page.reload()
    done = page.locator("[data-completed]")
    assert done.inner_text() == "完成培训，可以接 中国结·基础 工单了"
    axe.check(page, "completed")
    screenshot(page, "completed")
    page.goto(f"{server.url}/work/")
    assert "红色八寸中国结" in page.content()
    context.close()
    axe.assert_none()
