"""/healthz (alive) and /readyz (database, cache, a worker's heartbeat) — ops.views."""

import datetime

from django.db import DatabaseError
from django.utils import timezone

import pytest

from ops.models import Heartbeat

QUEUED = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_healthz_answers_without_touching_the_database(client):
    # No db fixture: pytest-django fails the test if the view touches the database.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.cookies == {}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("address", ["/en/healthz", "/en/readyz", "/en/metrics"])
@pytest.mark.django_db
def test_health_endpoints_have_no_language_prefix(client, address):
    assert client.get(address, follow=True).status_code == 404


@pytest.mark.django_db
def test_readyz_with_immediate_tasks_is_ready_without_a_worker(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "worker": "immediate"},
    }
    assert response.cookies == {}


@pytest.mark.django_db
def test_readyz_says_the_database_does_not_answer(client, monkeypatch):
    # The only mock here: we cannot take the test database down under the test itself.
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused by db.internal:5432 for user secret")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unreachable"
    assert b"secret" not in response.content and b"db.internal" not in response.content


@pytest.mark.django_db
def test_readyz_fails_when_the_cache_keeps_nothing(client, settings):
    # Django's dummy cache forgets every value: a per-process cache gone wrong looks like it.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "lost a value"


@pytest.mark.django_db
def test_readyz_with_queued_tasks_waits_for_a_first_heartbeat(client, settings):
    settings.TASKS = QUEUED

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "cache": "ok", "worker": "no heartbeat yet"},
    }


@pytest.mark.parametrize(
    ("minutes_ago", "status", "word"), [(1, 200, "ok"), (2.9, 200, "ok"), (3.1, 503, "stale")]
)
@pytest.mark.django_db
def test_readyz_fails_when_the_last_heartbeat_is_three_periods_old(
    client, settings, minutes_ago, status, word
):
    settings.TASKS = QUEUED
    beat_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    Heartbeat.objects.create(name="worker", beat_at=beat_at)

    response = client.get("/readyz")

    assert response.status_code == status
    assert response.json()["checks"]["worker"] == word
