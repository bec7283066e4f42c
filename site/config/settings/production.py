"""Production: PostgreSQL, HTTPS, secrets only from the environment."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    DEMO_SECRET_KEY,
    DEMO_STRIPE_KEYS,
    MAILERS,
    SECURE_CSP,
    TASKS,
    env_bool,
    env_list,
)

DEBUG = False


def env_required(name: str, *, refused: str = "", prefixes: tuple[str, ...] = ()) -> str:
    """The variable's value; refuses to start when it is unset, is the public demo value
    ``refused``, or lacks the ``prefixes`` of its kind (a swapped key would publish the
    secret one in every payment page). The messages never show the value."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable in production.")
    if value == refused:
        raise ImproperlyConfigured(f"{name} is the public demo value: set your own in production.")
    if prefixes and not value.startswith(prefixes):
        raise ImproperlyConfigured(
            f"{name} must start with {' or '.join(prefixes)}: is it the right key?"
        )
    return value


def stripe_is_fake(api_base: str) -> bool:
    """True when STRIPE_API_BASE points at a stand-in (localstripe on a staging site or a
    benchmark), which moves no money and takes any key; empty means Stripe itself."""
    if not api_base:
        return False
    parts = urlsplit(api_base)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured("STRIPE_API_BASE must be a URL such as http://127.0.0.1:8420.")
    return not (parts.hostname == "stripe.com" or parts.hostname.endswith(".stripe.com"))


SECRET_KEY = env_required("DJANGO_SECRET_KEY", refused=DEMO_SECRET_KEY)
env_required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")


def site_url(given: str, hosts: list[str]) -> str:
    """The address e-mailed links use: SITE_URL, else https:// and the first allowed host. A
    link to a host the site refuses would be dead, so the host must be one of ALLOWED_HOSTS."""
    url = given.strip().rstrip("/") or f"https://{hosts[0]}"
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path:
        raise ImproperlyConfigured("SITE_URL must be an address such as https://shop.example.org.")
    plain = not parts.hostname.startswith(".") and "*" not in parts.hostname
    if not (plain and validate_host(parts.hostname, hosts)):
        raise ImproperlyConfigured(
            "Set SITE_URL to the site's address: its host must be one of ALLOWED_HOSTS."
        )
    return url


SITE_URL = site_url(os.environ.get("SITE_URL", ""), ALLOWED_HOSTS)
WAGTAILADMIN_BASE_URL = SITE_URL


def shared_cache(given: str) -> dict:
    """The cache at REDIS_URL. Every app server and worker must see one cache: with a cache per
    process, Wagtail's site root paths and a redirect import's upload (both cached) would
    differ from server to server. locmem:// asks for a cache per process on purpose, for a
    benchmark whose servers never change those (bench/showcase_load.py)."""
    url = given.strip()
    if not url:
        raise ImproperlyConfigured("Set the REDIS_URL environment variable in production.")
    scheme = urlsplit(url).scheme
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mamagang"}
    if scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured("REDIS_URL must be an address such as redis://127.0.0.1:6379/0.")
    return {
        # Django's own, keeping its redis client between calls (config/cache.py says why).
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "mamagang",
    }


CACHES = {"default": shared_cache(os.environ.get("REDIS_URL", ""))}
# Sessions read through the shared cache and written to both: a signed-in or cart-holding
# visitor's page costs no session query, and the database stays the record (flushing Redis signs
# nobody out). Not with a cache per process (locmem://): a worker would read a session that
# another had changed since.
if CACHES["default"]["BACKEND"] == "config.cache.RedisCache":
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Wagtail keeps a redirect import's uploaded file between its two steps, which may land on
# different app servers: in the shared cache, not in one server's temporary directory.
WAGTAIL_REDIRECTS_FILE_STORAGE = "cache"


def s3_media() -> dict:
    """Uploads in an S3-compatible store (django-storages, the optional [s3] dependencies),
    so that app servers on several machines share them without a shared disk."""
    options = {
        "bucket_name": env_required("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        # Uploads stay private; pages link to them with signed, expiring addresses.
        "default_acl": None,
        "file_overwrite": False,
    }
    # Keys from the environment; without them boto3 finds its own (an instance role, say).
    for option, value in (
        ("access_key", os.environ.get("AWS_ACCESS_KEY_ID")),
        ("secret_key", os.environ.get("AWS_SECRET_ACCESS_KEY")),
    ):
        if value:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def media_hosts(options: dict) -> list[str]:
    """Where the browser loads media from when it is not our own host (the CSP must allow it):
    the bucket's own domain, or the store's host and its virtual-hosted bucket addresses."""
    if options["custom_domain"]:
        return [f"https://{options['custom_domain']}"]
    parts = urlsplit(options["endpoint_url"] or "https://s3.amazonaws.com")
    return [f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://*.{parts.netloc}"]


MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem").strip()
if MEDIA_STORAGE == "s3":
    default_storage = s3_media()
    SECURE_CSP = {
        **SECURE_CSP,
        "img-src": [*SECURE_CSP["img-src"], *media_hosts(default_storage["OPTIONS"])],
    }
elif MEDIA_STORAGE == "filesystem":
    # One directory (MEDIA_ROOT) that every app server mounts, and the proxy serves.
    default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be filesystem or s3.")
STORAGES = {
    "default": default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def loopback_only(hosts: list[str]) -> bool:
    return all(host in {"127.0.0.1", "localhost", "[::1]"} for host in hosts)


# `make cluster` serves plain HTTP on this machine's loopback, where no certificate exists.
# This switch turns the HTTPS-only settings off, and only when every allowed host is loopback,
# so that it cannot weaken a site the world can reach.
LOCAL_PLAIN_HTTP = env_bool("LOCAL_PLAIN_HTTP", False)
if LOCAL_PLAIN_HTTP and not loopback_only(ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        "LOCAL_PLAIN_HTTP is for a cluster on this machine: ALLOWED_HOSTS must be loopback only."
    )
HTTPS = not LOCAL_PLAIN_HTTP

# Persistent database connections: each app server process keeps its connection between
# requests. Opening one costs more than most showcase pages' queries: on SQLite a reconnect
# re-runs its PRAGMAs (about 4.5 ms of CPU per request); on PostgreSQL it is a TCP and
# authentication round trip. The health check finds a connection PostgreSQL (or a pooler)
# dropped at the start of the next request, instead of failing it; on SQLite it costs nothing.
# (Not in dev: runserver serves each request on a new thread, whose connection would leak.)
DATABASES["default"]["CONN_MAX_AGE"] = int(
    os.environ.get(
        "CONN_MAX_AGE", 600 if DATABASES["default"]["ENGINE"].endswith("sqlite3") else 60
    )
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True) and HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)) * HTTPS
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS

# Real email unless told otherwise (the demo's console backend would swallow it).
MAILERS["default"]["BACKEND"] = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)

# Background work on `manage.py db_worker` processes unless told otherwise: a request only
# records the task (README, "Background work").
TASKS["default"]["BACKEND"] = os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")

# Real Stripe unless STRIPE_API_BASE says otherwise (a staging site may point at localstripe).
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
STRIPE_JS_URL = os.environ.get(
    "STRIPE_JS_URL",
    f"{STRIPE_API_BASE}/js.stripe.com/v3/" if STRIPE_API_BASE else "https://js.stripe.com/v3/",
)
# Real Stripe needs every key, and never the demo's: its webhook secret is public, so anyone
# could sign a payment_intent.succeeded. A fake keeps the demo values it accepts.
if not stripe_is_fake(STRIPE_API_BASE):
    STRIPE_SECRET_KEY = env_required(
        "STRIPE_SECRET_KEY", refused=DEMO_STRIPE_KEYS["STRIPE_SECRET_KEY"], prefixes=("sk_", "rk_")
    )
    STRIPE_PUBLISHABLE_KEY = env_required(
        "STRIPE_PUBLISHABLE_KEY",
        refused=DEMO_STRIPE_KEYS["STRIPE_PUBLISHABLE_KEY"],
        prefixes=("pk_",),
    )
    STRIPE_WEBHOOK_SECRET = env_required(
        "STRIPE_WEBHOOK_SECRET",
        refused=DEMO_STRIPE_KEYS["STRIPE_WEBHOOK_SECRET"],
        prefixes=("whsec_",),
    )

# Operations (ops): one JSON object per log line, for the log collector (LOG_FORMAT=plain for
# a person reading a terminal). Imported here, beside its one use, so that this block stands
# alone.
from .base import LOGGING  # noqa: E402

LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")
