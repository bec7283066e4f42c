"""A coordinator opens her dashboard on a desktop and on a 360-px phone, changes the date
range, and downloads the mothers' table as XLSX, which openpyxl then opens.

The history is built with the services; handovers are moved to chosen days afterwards.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

import openpyxl
import pytest

from marketplace.models import Role
from orders.models import Handover, Inspection, LedgerEntry
from orders.production.services.claims import claim_set
from orders.production.services.handovers import handover_record, inspection_record
from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import CooperativeFactory, MembershipFactory, ProductFactory, UserFactory
from tests.orders.backdating import backdated, handovers_moved
from tests.orders.factories import ProductionOrderFactory, SkillFactory


def pieces_of(page) -> dict[str, str]:
    """Each mother's accepted pieces in the range, from the mothers' table."""
    rows = page.locator("#dash-mothers tbody tr").all_inner_texts()
    return {row.split("\t")[0].strip(): row.split("\t")[1].strip() for row in rows}


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def dashboard_site(transactional_db, live_server):
    """The live site, with a cooperative's history of handovers at 3, 50 and 100 days ago."""
    coop = CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving", slug="caihong")
    coordinator = UserFactory(username="coord-caihong", first_name="孙红霞")
    MembershipFactory(user=coordinator, cooperative=coop, role=Role.COORDINATOR)
    skill = SkillFactory()
    product = ProductFactory(cooperative=coop, name="红色八寸平安结", name_en="Red peace knot")
    order = ProductionOrderFactory(
        cooperative=coop,
        product=product,
        quantity=500,
        piece_rate=Decimal("3.50"),
        required_skill=skill,
        max_per_mother=200,
    )
    for n, (name, pieces, age) in enumerate(
        [("王秀英", 40, 3), ("李桂兰", 30, 50), ("张丽", 20, 100)], start=1
    ):
        mother = MembershipFactory(
            cooperative=coop,
            role=Role.MOTHER,
            user=UserFactory(username=f"1380000000{n}", first_name=name),
        )
        mother.skills.create(skill=skill)
        claim = claim_set(order=order, mother=mother, quantity=pieces)
        handover = handover_record(claim=claim, count=pieces, actor=coordinator)
        inspection = inspection_record(
            handover=handover, accepted=pieces, rejections={}, actor=coordinator
        )
        when = days_ago(age)
        handovers_moved(Handover.objects.filter(pk=handover.pk), received_at=when)
        backdated(Inspection.objects.filter(pk=inspection.pk), inspected_at=when)
        # The ledger refuses update() through its manager (append-only); tests move time.
        backdated(LedgerEntry._base_manager.filter(inspection=inspection), created_at=when)
    return live_server


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone-360"])
def test_the_dashboard_changes_range_and_exports_xlsx(
    dashboard_site, browser, screenshot, viewport, tmp_path
):
    axe = AxeFindings()
    context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{dashboard_site.url}/accounts/login/?next=/co/dashboard/")
        page.locator("#id_username").fill("coord-caihong")
        page.locator("#id_password").fill("test-pass-2026")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url("**/co/dashboard/")

        # The default range (30 days) holds only 王秀英's 40 pieces.
        assert pieces_of(page) == {"王秀英": "40", "李桂兰": "0", "张丽": "0"}
        assert page.locator("svg[role=img]").count() >= 2
        assert_fits(page)
        axe.check(page, "dashboard-30-days")
        screenshot(page, "30-days")

        # A year: all three mothers' work.
        start = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()
        page.locator("input[name=from]").fill(start)
        page.locator("form.dash-range button[type=submit]").click()
        page.wait_for_url(f"**from={start}**")
        assert pieces_of(page) == {"王秀英": "40", "李桂兰": "30", "张丽": "20"}
        mothers = page.locator("#dash-mothers").inner_text()
        for figure in ("¥140.00", "¥105.00", "¥70.00"):
            assert figure in mothers
        assert_fits(page)
        axe.check(page, "dashboard-a-year")
        screenshot(page, "a-year")

        with page.expect_download() as download:
            page.locator("#mothers-heading ~ .dash-exports a", has_text="XLSX").first.click()
        saved = tmp_path / download.value.suggested_filename
        assert saved.suffix == ".xlsx", saved
        download.value.save_as(saved)
        workbook = openpyxl.load_workbook(saved)
        cells = [str(c) for row in workbook.active.iter_rows(values_only=True) for c in row]
        assert "王秀英" in cells and "李桂兰" in cells and "张丽" in cells
        earned = [row for row in workbook.active.iter_rows(values_only=True) if "李桂兰" in row]
        assert any(
            Decimal(str(v)) == Decimal("105") for v in earned[0] if isinstance(v, float | int)
        )
    finally:
        context.close()
    axe.assert_none()
