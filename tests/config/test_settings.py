"""Production refuses to start without its secrets or with the demo's public ones, and passes
Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What production reads that a test must control (the developer's shell may set any of it).
CONTROLLED = {
    "DJANGO_SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
    "STRIPE_JS_URL",
    "SITE_URL",
    "REDIS_URL",
    "CONN_MAX_AGE",
    "LOCAL_PLAIN_HTTP",
    "MEDIA_STORAGE",
    "SECURE_SSL_REDIRECT",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
}
# Well-formed values no real account has.
SECRETS = {
    "DJANGO_SECRET_KEY": "k3y-" + "q8Zr0-" * 12,
    "ALLOWED_HOSTS": "shop.example.org",
    "STRIPE_SECRET_KEY": "sk_live_" + "a1B2c3" * 4,
    "STRIPE_PUBLISHABLE_KEY": "pk_live_" + "d4E5f6" * 4,
    "STRIPE_WEBHOOK_SECRET": "whsec_" + "g7H8i9" * 4,
    "REDIS_URL": "redis://cache.internal:6379/0",
}
DEMO = {
    "DJANGO_SECRET_KEY": "demo-only-insecure-key-do-not-use-in-production",
    "STRIPE_SECRET_KEY": "sk_test_localstripe",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_localstripe",
    "STRIPE_WEBHOOK_SECRET": "whsec_localstripe_demo",
}


def production_env(**env: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
    return environment | {"DJANGO_SETTINGS_MODULE": "config.settings.production", **env}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_production(**env: str) -> subprocess.CompletedProcess:
    """Import the production settings alone (quicker than a manage.py command)."""
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=ROOT / "site",
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, "production started"
    assert "ImproperlyConfigured" in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("missing", list(SECRETS))
def test_production_refuses_to_start_without_each_secret(missing):
    env = {key: value for key, value in SECRETS.items() if key != missing}
    assert refusal(load_production(**env)).endswith(
        f"Set the {missing} environment variable in production."
    )


@pytest.mark.parametrize("name", list(DEMO))
def test_production_refuses_the_demo_values(name):
    message = refusal(load_production(**SECRETS | {name: DEMO[name]}))
    assert f"{name} is the public demo value" in message
    assert DEMO[name] not in message


def test_a_stripe_base_on_stripe_com_is_no_fake_and_still_needs_the_keys():
    env = SECRETS | {"STRIPE_API_BASE": "https://api.stripe.com"}
    env.pop("STRIPE_WEBHOOK_SECRET")
    assert "STRIPE_WEBHOOK_SECRET" in refusal(load_production(**env))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STRIPE_PUBLISHABLE_KEY", SECRETS["STRIPE_SECRET_KEY"]),  # would be shown in the page
        ("STRIPE_SECRET_KEY", SECRETS["STRIPE_PUBLISHABLE_KEY"]),
        ("STRIPE_WEBHOOK_SECRET", SECRETS["STRIPE_SECRET_KEY"]),
    ],
)
def test_production_refuses_a_key_of_the_wrong_kind(name, value):
    message = refusal(load_production(**SECRETS | {name: value}))
    assert f"{name} must start with" in message
    assert value not in message


def test_a_malformed_stripe_base_is_refused():
    message = refusal(load_production(**SECRETS | {"STRIPE_API_BASE": "127.0.0.1:8420"}))
    assert "STRIPE_API_BASE must be a URL" in message


def test_a_fake_stripe_needs_no_keys():
    """A staging site or a benchmark on localstripe: no money moves, the demo keys serve."""
    result = load_production(
        DJANGO_SECRET_KEY=SECRETS["DJANGO_SECRET_KEY"],
        ALLOWED_HOSTS="staging.example.org",
        STRIPE_API_BASE="http://127.0.0.1:8420",
        REDIS_URL=SECRETS["REDIS_URL"],
    )
    assert result.returncode == 0, result.stderr


def production_setting(expression: str, **env: str) -> str:
    """repr() of ``expression`` evaluated in the production settings module."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from config.settings import production as s; print(repr({expression}))",
        ],
        cwd=ROOT / "site",
        env=production_env(**SECRETS | env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def production_site_url(**env: str) -> str:
    return production_setting("s.SITE_URL", **env).strip("'")


def test_production_links_default_to_https_on_its_first_host():
    assert production_site_url(ALLOWED_HOSTS="shop.example.org,www.example.org") == (
        "https://shop.example.org"
    )


def test_production_links_use_site_url_when_given():
    url = production_site_url(
        ALLOWED_HOSTS="shop.example.org,www.example.org", SITE_URL="https://www.example.org/"
    )
    assert url == "https://www.example.org"


@pytest.mark.parametrize(
    "env",
    [
        {"SITE_URL": "https://elsewhere.example.com"},  # a host the site refuses: dead links
        {"SITE_URL": "shop.example.org"},
        {"ALLOWED_HOSTS": ".example.org"},  # no one host to link to
    ],
)
def test_production_refuses_a_site_url_it_cannot_link_to(env):
    assert "SITE_URL" in refusal(load_production(**SECRETS | env))


def test_production_caches_in_the_redis_at_redis_url():
    cache = production_setting("s.CACHES['default']")
    assert "'config.cache.RedisCache'" in cache
    assert "'redis://cache.internal:6379/0'" in cache
    # A redirect import's two steps may land on two app servers: its file goes in the cache.
    assert production_setting("s.WAGTAIL_REDIRECTS_FILE_STORAGE") == "'cache'"


def test_a_cache_per_process_only_when_asked_for_by_name():
    cache = production_setting("s.CACHES['default']['BACKEND']", REDIS_URL="locmem://")
    assert cache == "'django.core.cache.backends.locmem.LocMemCache'"


def test_a_malformed_redis_url_is_refused():
    message = refusal(load_production(**SECRETS | {"REDIS_URL": "127.0.0.1:6379"}))
    assert "REDIS_URL must be an address" in message


def test_production_is_https_only_by_default():
    flags = "(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    assert production_setting(flags) == "(True, True, True)"
    assert int(production_setting("s.SECURE_HSTS_SECONDS")) > 0


def test_local_plain_http_serves_a_loopback_cluster_over_http():
    flags = "(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    env = {
        "LOCAL_PLAIN_HTTP": "true",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1:8400",
    }
    assert production_setting(flags, **env) == "(False, False, False)"
    assert production_setting("s.SECURE_HSTS_SECONDS", **env) == "0"


def test_local_plain_http_is_refused_for_a_host_the_world_reaches():
    env = SECRETS | {"LOCAL_PLAIN_HTTP": "true", "ALLOWED_HOSTS": "127.0.0.1,shop.example.org"}
    assert "LOCAL_PLAIN_HTTP" in refusal(load_production(**env))


def test_media_in_an_s3_store_and_its_host_allowed_for_images():
    env = {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "mamagang-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    }
    assert "'storages.backends.s3.S3Storage'" in production_setting("s.STORAGES", **env)
    images = production_setting("s.SECURE_CSP['img-src']", **env)
    assert "'https://s3.example.org'" in images


def test_an_s3_store_needs_its_bucket_and_an_unknown_storage_is_refused():
    no_bucket = refusal(load_production(**SECRETS | {"MEDIA_STORAGE": "s3"}))
    assert no_bucket.endswith("Set the AWS_STORAGE_BUCKET_NAME environment variable in production.")
    assert "MEDIA_STORAGE" in refusal(load_production(**SECRETS | {"MEDIA_STORAGE": "ftp"}))


def test_production_passes_the_deployment_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **SECRETS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"  # chosen in bench/README.md, "JIT"


def test_time_zone_and_languages(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]


@pytest.mark.parametrize(
    ("database_url", "kept"),
    [("", 600), ("postgres://shop:secret@db.internal/shop", 60)],
)
def test_production_keeps_its_database_connection_between_requests(database_url, kept):
    """A new connection per request cost more CPU than a showcase page's queries (issue 15)."""
    setting = "[s.DATABASES['default'][k] for k in ('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')]"

    assert production_setting(setting, DATABASE_URL=database_url) == f"[{kept}, True]"


def test_sessions_are_read_through_a_shared_cache_only():
    assert production_setting("s.SESSION_ENGINE") == "'django.contrib.sessions.backends.cached_db'"
    per_process = production_setting("s.SESSION_ENGINE", REDIS_URL="locmem://")
    assert per_process == "'django.contrib.sessions.backends.db'"
