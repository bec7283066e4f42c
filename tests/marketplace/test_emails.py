"""E-mailed links are built on SITE_URL, the one setting `make demo` and production set to
the site's own address; no code builds a link on a host written into it."""

import re
from pathlib import Path

from django.core import mail
from django.urls import reverse

import pytest

from marketplace.emails import line_status_notify, purchase_paid_notify
from tests.factories import ProductFactory, paid_purchase

ROOT = Path(__file__).resolve().parents[2]
DEMO_PORT = "http://127.0.0.1:8301"


@pytest.fixture
def purchase(db, settings):
    settings.SITE_URL = DEMO_PORT
    return paid_purchase((ProductFactory(), 1))


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_the_paid_email_links_to_the_purchase_on_site_url(
    purchase, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # sent once the change commits
        purchase_paid_notify(purchase.pk)
    buyer = next(message for message in mail.outbox if message.to == [purchase.email])
    assert _links(buyer.body) == [DEMO_PORT + reverse("purchase", args=[purchase.token])]


def test_the_line_status_email_links_on_site_url(purchase, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        line_status_notify(purchase.pk, purchase.lines.get().pk)
    (message,) = mail.outbox
    links = _links(message.body)
    assert links
    assert all(link.startswith(f"{DEMO_PORT}/") for link in links)


# A host written into code or a template: a loopback address or a port of the demo.
HARD_CODED_HOST = re.compile(r"https?://(127\.0\.0\.1|localhost|0\.0\.0\.0)(:\d+)?")
SOURCES = ("marketplace", "orders", "showcase", "site")


def test_no_code_builds_links_on_a_hard_coded_host():
    """Settings may name the demo's default address; nothing else may."""
    settings_dir = ROOT / "site" / "config" / "settings"
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for folder in SOURCES
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in {".py", ".html", ".txt"}
        and settings_dir not in path.parents
        and "migrations" not in path.parts
        for match in HARD_CODED_HOST.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
