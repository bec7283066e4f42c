"""An editor in the Wagtail admin (/cms/), under the admin's own Content-Security-Policy:
signing in, the dashboard, the image upload form, and a product page's editor with its live
preview and accessibility checks. The conftest fails the journey on any policy violation,
which is how the admin's policy (settings.WAGTAILADMIN_CSP) is known to be enough."""

from showcase.models import ProductPage
from tests.e2e.checks import DESKTOP
from tests.factories import UserFactory


def test_an_editor_works_in_the_cms_without_policy_violations(
    browser, live_server, bilingual_site, screenshot
):
    UserFactory(username="editor", is_staff=True, is_superuser=True)
    knot = ProductPage.objects.get(slug="knot-1", locale__language_code="zh-hans")
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)

    page.goto(live_server.url + "/cms/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "test-pass-2026")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/cms/")
    page.wait_for_load_state("networkidle")

    page.goto(live_server.url + "/cms/images/multiple/add/")
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/cms/images/add/")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/cms/pages/{knot.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.locator("[data-side-panel-toggle='preview']").click()
    page.frame_locator("iframe#w-preview-iframe").locator("h1").wait_for()
    page.wait_for_load_state("networkidle")
    # the accessibility checks (axe-core) run in the page under the admin's policy
    page.locator("[data-side-panel-toggle='checks']").click()
    page.get_by_text("发现的问题").wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "page-editor-checks")
    context.close()
