"""The request's Wagtail Site, kept per process (config.sites): found once, changed at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from config import sites
from showcase.models import HomePage


def site_queries(client, path: str) -> tuple[int, int]:
    """The answer's status and how many queries read the Site table to give it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, sum('"wagtailcore_site"' in q["sql"] for q in queries)


@pytest.mark.django_db
def test_a_page_finds_its_site_once_then_the_process_keeps_it(client, tree):
    assert site_queries(client, "/products/") == (200, 1)
    assert site_queries(client, "/products/") == (200, 0)
    assert site_queries(client, "/") == (200, 0)


@pytest.mark.django_db
def test_a_kept_site_is_found_again_after_its_time(client, tree, monkeypatch):
    site_queries(client, "/")
    later = sites.time.monotonic() + sites.KEPT_SECONDS + 1
    monkeypatch.setattr(sites.time, "monotonic", lambda: later)
    assert site_queries(client, "/") == (200, 1)


@pytest.mark.django_db
def test_a_changed_site_is_seen_at_once(client, tree):
    site_queries(client, "/")
    other_home = tree.home.get_parent().add_child(
        instance=HomePage(title="另一个", slug="other-home", hero_heading="别处", hero_text="别处")
    )
    site = Site.objects.get(is_default_site=True)
    site.root_page = other_home
    site.save()  # post_save: this process forgets what it kept

    response = client.get("/")

    assert response.status_code == 200
    assert "别处" in response.text


@pytest.mark.django_db
def test_each_request_gets_its_own_copy_and_the_home_page_is_read_fresh(client, tree):
    first = client.get("/")
    home = HomePage.objects.get(pk=tree.home.pk)
    home.hero_heading = "新的标题"
    home.save_revision().publish()

    second = client.get("/")

    [(_until, kept)] = sites._kept.values()
    assert "新的标题" in second.text and "新的标题" not in first.text
    # What Wagtail cached on the request's copy (the root page's specific page) stayed there.
    assert "specific" not in kept.root_page.__dict__
    assert first.wsgi_request._wagtail_site is not second.wsgi_request._wagtail_site


@pytest.mark.django_db
def test_a_view_that_is_not_a_page_looks_nothing_up(client, tree):
    # No page served yet in this process: the sign-in page costs no query for the site.
    status, queries = site_queries(client, "/accounts/login/")
    assert status == 200
    assert queries == 0
    assert sites._kept == {}


@pytest.mark.django_db
def test_a_host_not_allowed_is_refused_and_not_kept(client, tree):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert sites._kept == {}
