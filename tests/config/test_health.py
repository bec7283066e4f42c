from django.db import DatabaseError

import pytest


@pytest.mark.django_db
def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not(client, monkeypatch):
    # The only mock in this file: we cannot take the test database down under the test itself.
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    from django.db import connection

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_robots_txt_points_at_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /cms/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_server_error_page_is_styled_and_needs_no_database(rf):
    # No db fixture: pytest-django fails the test if rendering touches the database.
    from config.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "site.css" in response.content.decode()
