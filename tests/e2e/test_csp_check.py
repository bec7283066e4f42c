"""The journeys' Content-Security-Policy check can fail: a page whose policy blocks its own
inline script is reported (the check itself is tests/e2e/conftest.py::csp_violations)."""

BLOCKED = "<!DOCTYPE html><title>before</title><script>document.title = 'ran'</script>"


def test_a_blocked_inline_script_is_reported(browser, csp_violations):
    context = browser.new_context()
    page = context.new_page()
    page.route(
        "http://csp-check.test/",
        lambda route: route.fulfill(
            body=BLOCKED,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
        ),
    )
    page.goto("http://csp-check.test/")
    page.wait_for_timeout(300)  # the console message follows the parse
    title = page.title()
    context.close()

    assert title == "before"  # the policy held
    assert any("script-src" in text for text in csp_violations), csp_violations
    csp_violations.clear()  # this journey's only violation is the one it made on purpose
