"""What every browser journey checks on its way: the two widths it is seen at, that nothing
scrolls sideways, and axe-core's serious and critical findings."""

from axe_playwright_python.sync_playwright import Axe

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def assert_fits(page):
    """Nothing scrolls sideways at this width."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the viewport"


class AxeFindings:
    """Serious and critical axe-core violations, page by page. They are asserted at the end of
    the journey, so that a violation does not hide what the payment did."""

    def __init__(self):
        self.found: list[str] = []

    def check(self, page, name: str) -> None:
        for violation in Axe().run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"])
                self.found.append(f"{name}: {violation['id']} ({violation['help']}) at {targets}")

    def assert_none(self) -> None:
        assert not self.found, "\n".join(self.found)
