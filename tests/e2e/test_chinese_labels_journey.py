"""Words that were English in the Chinese workspace, seen in chromium at 360 px and on a
desktop: the new-order form's product select (商品, 请选择商品) and the editor's catalogue
listings in the Wagtail admin, whose yes/no columns read 是/否 (not "True")."""

from django.conf import settings
from django.test import Client

import pytest

from tests.e2e.checks import DESKTOP, PHONE, AxeFindings, assert_fits
from tests.factories import CooperativeFactory, ProductFactory, UserFactory, coordinator_of


@pytest.fixture
def catalogue(transactional_db, live_server):
    cooperative = CooperativeFactory(name="彩虹手编", name_en="Rainbow Handweaving")
    ProductFactory(cooperative=cooperative, name="红色八寸中国结", name_en="Red 8-inch knot")
    ProductFactory(cooperative=cooperative, name="旧款平安结", name_en="Old knot", is_active=False)
    CooperativeFactory(name="停业的合作社", name_en="Closed cooperative", is_active=False)
    return {
        "url": live_server.url,
        "coordinator": coordinator_of(cooperative).user,
        "editor": UserFactory(first_name="编辑", is_staff=True, is_superuser=True),
    }


def signed_in(browser, base: str, user, viewport):
    """A Chinese browser page with ``user``'s session (how she signs in is not this test's)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_order_form_and_the_catalogue_lists_read_in_chinese(
    catalogue, browser, screenshot, viewport
):
    axe = AxeFindings()
    base = catalogue["url"]

    coordinator = signed_in(browser, base, catalogue["coordinator"], viewport)
    coordinator.goto(f"{base}/co/orders/new/")
    assert coordinator.locator("label[for=id_product]").inner_text().strip() == "商品"
    assert coordinator.locator("#id_product option").first.inner_text() == "请选择商品"
    assert_fits(coordinator)
    axe.check(coordinator, "order-new")
    screenshot(coordinator, "order-new")

    editor = signed_in(browser, base, catalogue["editor"], viewport)
    for model in ("cooperative", "product"):
        editor.goto(f"{base}/cms/snippets/marketplace/{model}/")
        said = editor.locator("table.listing tbody .w-sr-only").all_inner_texts()
        assert {"是", "否"} <= {text.strip() for text in said}
        assert "True" not in editor.locator("table.listing").inner_text()
        screenshot(editor, f"cms-{model}s")

    axe.assert_none()
