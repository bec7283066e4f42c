"""A coordinator asks for every payslip of a payout run as a zip (in Chinese, at 360 px and on
a desktop): the page says how far the zip has got, "正在生成… n / total", moves on by itself
when the worker is done, and offers the download; the zip holds one PDF per mother paid.

The live server's task backend is the immediate one, so the button's zip is ready when the
page opens; a zip "on a busy worker" is stood for by a file left in the making, which the
test then finishes as a worker would. Every page is checked with axe-core, must not scroll
sideways, and runs under the site's Content-Security-Policy (the page's poll is a file of
its own, static/js/prepared.js).
"""

import zipfile

import pytest
from playwright.sync_api import expect

from marketplace.models import Role
from orders.models import PreparedFile, PreparedKind, PreparedStatus
from orders.money.services.payouts import run_start
from orders.money.services.prepared import prepared_key
from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import MembershipFactory, ProductFactory, UserFactory
from tests.orders.factories import ProductionOrderFactory, earn, mother_for


@pytest.fixture
def paid_run(transactional_db, live_server):
    product = ProductFactory(name="红色八寸中国结", name_en="Red 8-inch knot")
    order = ProductionOrderFactory(
        cooperative=product.cooperative, product=product, quantity=500, max_per_mother=200
    )
    coordinator = UserFactory(username="coord-caihong", first_name="孙红霞")
    MembershipFactory(user=coordinator, cooperative=order.cooperative, role=Role.COORDINATOR)
    for name, accepted in (("王秀兰", 40), ("李红", 20), ("张敏", 10)):
        mother = mother_for(order)
        mother.user.first_name = name
        mother.user.save(update_fields=["first_name"])
        earn(order, mother, accepted=accepted, actor=coordinator)
    run = run_start(cooperative=order.cooperative, actor=coordinator)
    return {"url": live_server.url, "run": run, "coordinator": coordinator}


def sign_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("test-pass-2026")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def check(page, axe, screenshot, name: str) -> None:
    assert_fits(page)
    axe.check(page, name)
    screenshot(page, name)


def in_the_making(run, coordinator) -> PreparedFile:
    """A zip a busy worker has got 1 payslip into, of 3."""
    params = {"run_id": run.pk, "language": "zh-hans"}
    return PreparedFile.objects.create(
        asked_by=coordinator,
        cooperative=run.cooperative,
        kind=PreparedKind.PAYSLIPS_ZIP,
        params=params,
        key=prepared_key(kind=PreparedKind.PAYSLIPS_ZIP, params=params) + " (busy)",
        status=PreparedStatus.RUNNING,
        done=1,
        total=3,
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_runs_payslips_as_a_zip(paid_run, browser, screenshot, viewport):
    axe = AxeFindings()
    base, run = paid_run["url"], paid_run["run"]
    context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)

    sign_in(page, base, "coord-caihong", f"/co/payouts/{run.pk}/")
    page.get_by_role("button", name="全部工资条（PDF 压缩包）").click()
    page.wait_for_url("**/files/*/")
    assert "已生成，可以下载" in page.locator("#prepared").inner_text()
    check(page, axe, screenshot, "zip-ready")
    with page.expect_download() as caught:
        page.locator("[data-download]").click()
    download = caught.value
    assert download.suggested_filename == f"payslips-run{run.pk}.zip"
    archive = zipfile.ZipFile(download.path())
    assert len(archive.namelist()) == 3
    assert all(name.endswith(".pdf") for name in archive.namelist())

    # A zip still on a worker: its page shows how far, then moves on by itself.
    busy = in_the_making(run, paid_run["coordinator"])
    page.goto(f"{base}/files/{busy.pk}/")
    assert "正在生成… 1 / 3" in page.locator("[data-progress]").inner_text()
    check(page, axe, screenshot, "zip-in-the-making")
    PreparedFile.objects.filter(pk=busy.pk).update(done=2)
    expect(page.locator("[data-progress]")).to_contain_text("正在生成… 2 / 3")
    PreparedFile.objects.filter(pk=busy.pk).update(status=PreparedStatus.FAILED)
    page.locator("form[action$='/retry/'] button").wait_for()
    assert "文件未能生成" in page.locator("#prepared").inner_text()
    check(page, axe, screenshot, "zip-failed")
    page.locator("form[action$='/retry/'] button").click()
    page.wait_for_url("**/files/*/")
    assert "已生成，可以下载" in page.locator("#prepared").inner_text()
    axe.assert_none()
    context.close()
