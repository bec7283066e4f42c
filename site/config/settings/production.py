"""Production: PostgreSQL, HTTPS, secrets only from the environment."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from .base import *  # noqa: F403
from .base import DEMO_SECRET_KEY, DEMO_STRIPE_KEYS, MAILERS, TASKS, env_bool, env_list

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

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

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
