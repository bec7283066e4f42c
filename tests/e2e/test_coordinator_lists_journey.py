"""A coordinator goes through her lists (/co/lines/, /co/orders/, /co/members/, /co/demand/) on
a desk and on a phone, in Chinese: a real table at 1280 px (each row's cells side by side, 13
lines in a page of reasonable height), one card per row at 360 px (no column squeezed to a
character per line, nothing scrolling sideways), the lines she has to handle by default, and
a purchase found by its number."""

import pytest

from marketplace.models import Fulfilment, LineStatus, PurchaseLine, Role
from orders.models import OrderStatus
from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    ProductFactory,
    UserFactory,
    paid_purchase,
)
from tests.orders.factories import MemberSkillFactory, ProductionOrderFactory, SkillFactory

PENDING = 13


@pytest.fixture
def desk(transactional_db, live_server):
    coop = CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving", slug="caihong")
    coordinator = UserFactory(username="coord-caihong", first_name="孙红霞")
    MembershipFactory(user=coordinator, cooperative=coop, role=Role.COORDINATOR)
    knot = ProductFactory(
        cooperative=coop, name="红色八寸如意中国结挂件", name_en="Red 8-inch Ruyi knot", stock=99
    )
    bun = ProductFactory(
        cooperative=coop,
        name="寿桃花饽饽礼盒",
        name_en="Longevity peach buns",
        fulfilment=Fulfilment.MADE_TO_ORDER,
        lead_time_days=5,
        stock=0,
    )
    lines = [paid_purchase((knot if n % 3 else bun, 1 + n % 4)).lines.get() for n in range(16)]
    delivered = lines[PENDING:]
    PurchaseLine.objects.filter(pk__in=[line.pk for line in delivered]).update(
        status=LineStatus.DELIVERED
    )
    for status in (OrderStatus.OPEN, OrderStatus.IN_PRODUCTION, OrderStatus.FULLY_CLAIMED):
        ProductionOrderFactory(cooperative=coop, product=knot, status=status)
        ProductionOrderFactory(cooperative=coop, product=bun, status=status)
    skill = SkillFactory(slug="knot-basic", name="中国结·基础", name_en="Chinese knots · basic")
    for n, name in enumerate(("王秀兰", "李娜", "周晓红")):
        mother = MembershipFactory(
            user=UserFactory(username=f"1380000000{n + 1}", first_name=name),
            cooperative=coop,
            role=Role.MOTHER,
            is_active=n != 2,
        )
        MemberSkillFactory(membership=mother, skill=skill)
    return {"url": live_server.url, "pending": lines[:PENDING], "delivered": delivered}


def sign_in(page, base: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.locator("#id_username").fill("coord-caihong")
    page.locator("#id_password").fill("test-pass-2026")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def cell_boxes(page, table: str) -> list[list[dict]]:
    """The bounding box of every cell of every body row of ``table``."""
    return page.eval_on_selector_all(
        f"{table} tbody tr",
        "rows => rows.map(row => [...row.children].map(cell => {"
        "  const box = cell.getBoundingClientRect();"
        "  return {top: box.top, width: box.width, height: box.height}; }))",
    )


def look(page, axe, screenshot, name: str) -> None:
    assert_fits(page)
    axe.check(page, name)
    screenshot(page, name)


LISTS = [
    ("orders", "/co/orders/", "#orders"),
    ("lines", "/co/lines/", "#lines"),
    ("members", "/co/members/", ".members-table"),
    ("demand", "/co/demand/", "#demand-lines"),
]


def test_on_a_desk_the_lists_are_tables(desk, browser, screenshot):
    axe = AxeFindings()
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, desk["url"], "/co/lines/")

    look(page, axe, screenshot, "lines")
    assert page.locator("h1").inner_text() == "待处理订单"
    rows = cell_boxes(page, "#lines")
    assert len(rows) == PENDING
    for cells in rows:  # a row's cells side by side, one line high or two
        assert len({round(cell["top"]) for cell in cells}) == 1, cells
        assert max(cell["height"] for cell in cells) < 100, cells
    # The table itself, not the page: the header and filters above it are not the list's.
    height = page.locator("#lines").bounding_box()["height"]
    assert height < 1100, f"13 lines take {height}px"
    assert page.locator("#lines thead").is_visible()
    listed = {
        int(pk)
        for pk in page.locator("#lines tbody tr").evaluate_all(
            "rows => rows.map(row => row.dataset.line)"
        )
    }
    assert listed == {line.pk for line in desk["pending"]}

    # A buyer on the phone reads out a delivered purchase's number.
    wanted = desk["delivered"][0]
    page.locator("#list-q").fill(wanted.purchase.reference.lower())
    page.locator(".list-search button[type=submit]").click()
    page.wait_for_url("**q=*")
    page.locator(".list-empty a").click()
    page.wait_for_url("**status=all*")
    assert page.locator("#lines tbody tr").count() == 1
    assert page.locator(f'#lines tr[data-line="{wanted.pk}"]').is_visible()
    look(page, axe, screenshot, "lines-found")

    for name, path, table in LISTS:
        if name == "lines":
            continue
        page.goto(f"{desk['url']}{path}")
        for cells in cell_boxes(page, table):
            assert len({round(cell["top"]) for cell in cells}) == 1, (name, cells)
        look(page, axe, screenshot, name)
    context.close()
    axe.assert_none()


def test_on_a_phone_each_row_is_a_card(desk, browser, screenshot):
    axe = AxeFindings()
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, desk["url"], "/co/orders/")

    for name, path, table in LISTS:
        if page.url != f"{desk['url']}{path}":
            page.goto(f"{desk['url']}{path}")
        rows = cell_boxes(page, table)
        assert rows, name
        for cells in rows:  # stacked, each as wide as the card: no name one character wide
            assert min(cell["width"] for cell in cells) > 250, (name, cells)
            tops = [cell["top"] for cell in cells]
            assert tops == sorted(tops) and len(set(tops)) == len(tops), (name, cells)
        look(page, axe, screenshot, name)
    context.close()
    axe.assert_none()
