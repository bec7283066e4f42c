"""Every setting lives here, read from the environment with safe demo defaults.

dev.py, test.py and production.py only override.
"""

import datetime
import os
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

import dj_database_url

CONFIG_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = CONFIG_DIR.parent.parent  # the repository root
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# A demo-only key: production.py refuses to start without DJANGO_SECRET_KEY, or with this one.
DEMO_SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEMO_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config",
    "showcase",
    "marketplace",
    "orders",
    "station",
    "ops",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
]

MIDDLEWARE = [
    # First: every log line of the request, and the tasks it enqueues, carry its id (ops).
    "ops.requestid.RequestIdMiddleware",
    # Names the app server in X-Served-By when APP_INSTANCE is set (the cluster's, its tests').
    "config.middleware.ServedByMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",  # Django's, with Wagtail's previews
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Showcase pages for visitors without a session, from the shared cache (showcase.pagecache):
    # before sessions, locale, CSRF, auth and messages, which would change nothing of such a
    # page; what they add to it is kept with it. After whitenoise: static files never ask.
    "showcase.pagecache.middleware.PageCacheMiddleware",
    # The request's Wagtail Site from the process's kept copy, not a query per request.
    "config.sites.SiteLookupMiddleware",
    # A showcase page's route found from the Site's root row, without its specific home page.
    "showcase.routing.RouteAheadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A lock conflict no view answered becomes a "busy, try again" page (503), never a 500.
    "marketplace.middleware.BusyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# This app server's name among several behind a load balancer (e.g. app1); empty: not said.
APP_INSTANCE = os.environ.get("APP_INSTANCE", "").strip()

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "marketplace.context_processors.cart",
                "marketplace.context_processors.member_roles",
                "config.context_processors.header",
            ],
        },
    },
]

# Database: SQLite by default so one command runs the demo; PostgreSQL via DATABASE_URL.
# SQLite runs in WAL mode with IMMEDIATE transactions and a busy timeout, so concurrent
# writers queue instead of failing with "database is locked".
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", VAR_DIR / "db.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # Wagtail's search index model uses PostgreSQL's search fields and indexes there.
    INSTALLED_APPS.append("django.contrib.postgres")
    # No JIT for the app's queries: the planner compiles a query whose estimated cost passes
    # jit_above_cost, and a reporting query over a year of records is costed in the millions
    # while it runs in milliseconds from the tallies; compiling cost more than it saved in
    # every query measured (bench/README.md, "JIT"). A session may still SET jit = on.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions in the database: the app tier stays stateless behind a load balancer, and the
# cache (Redis in production) can be flushed or restarted without signing anyone out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Internationalisation: Chinese first, English complete.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static files and media
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "mamagang",
    }
}

# The showcase's page cache (showcase.pagecache; README, "Page cache"). Visitors without a
# session get the showcase pages from CACHES["default"]; entries are purged when what they show
# changes, so they may live long (a missed purge is the only thing this bounds). Browsers may
# keep a page PAGE_CACHE_BROWSER_SECONDS (they cannot be purged), a shared proxy
# PAGE_CACHE_PROXY_SECONDS: raise it once FRONTEND_CACHE purges the proxy.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 24 * 3600))
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", 30))
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", 60))
# A caching proxy in front (nginx, Varnish) that takes HTTP PURGE requests at this address,
# e.g. http://127.0.0.1:8400: Wagtail's frontend-cache purges it with the page cache.
FRONTEND_CACHE = os.environ.get("FRONTEND_CACHE", "").strip()
WAGTAILFRONTENDCACHE = (
    {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE,
        }
    }
    if FRONTEND_CACHE
    else {}
)

# Uploads: images only, modest sizes (a mother's phone photo is fine, a 50 MB file is not).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Pixels, not bytes, are what decoding costs (4 bytes each): a 20-megapixel photo is any phone's
# or camera's, and one of 36 megapixels compresses to 0.1 MB as a PNG yet needs ~250 MB to draw.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 20_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "xlsx"]

# Email: console in the demo, SMTP settings from the environment in production.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": os.environ.get("EMAIL_HOST"),
                "port": int(os.environ["EMAIL_PORT"]) if os.environ.get("EMAIL_PORT") else None,
                "username": os.environ.get("EMAIL_HOST_USER"),
                "password": os.environ.get("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False) or None,
            }.items()
            if value is not None
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "巾帼好品 <noreply@example.com>")

# Background work (issue 13): Django's own tasks framework (django.tasks). Wagtail's tasks
# (search and reference index, focal points) are written with the django_tasks backport, whose
# @task builds the configured backend's own task class: with a django.tasks backend they are
# Django tasks too, so this one setting serves ours and Wagtail's. Immediate by default (the
# demo, the tests); production.py defaults to django-tasks-db's database backend, run by
# `manage.py db_worker` (README, "Background work"). Its table exists everywhere, so that
# switching TASKS_BACKEND needs no other change.
INSTALLED_APPS.append("django_tasks_db")
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        ),
    }
}
# A task that failed and is safe to run again is enqueued again this many times in all,
# waiting TASK_RETRY_SECONDS × 4^(attempt - 1) before each (where the backend can wait).
TASK_ATTEMPTS = int(os.environ.get("TASK_ATTEMPTS", 4))
TASK_RETRY_SECONDS = int(os.environ.get("TASK_RETRY_SECONDS", 30))
# A payout run's execution that a worker started this long ago and that has paid nobody since
# is taken for dead (its worker was killed) and enqueued again, every minute.
PAYOUT_TASK_STALE_SECONDS = int(os.environ.get("PAYOUT_TASK_STALE_SECONDS", 300))

# Wagtail
WAGTAIL_SITE_NAME = "巾帼好品"
# The one address absolute links are built from (e-mails, the CMS's own): `make demo` sets it
# from its PORT, production from its host (see production.py).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# CJK text is not split into words by the full-text engines of SQLite or PostgreSQL ("simple"
# configuration), so a search for 中国结 would miss 红色中国结挂饰. The database fallback backend
# matches substrings (icontains) on both databases; at showcase scale (thousands of pages) that
# is fast enough and always right for Chinese. Products are searched by showcase.search, which
# matches substrings too, over their category, cooperative and tags as well, and ranks them.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database.fallback"},
}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "gif": "png"}
# The admin's image uploads get the check every upload gets: a broken file is a form error.
WAGTAILIMAGES_IMAGE_FORM_BASE = "marketplace.images.CmsImageForm"
WAGTAILEMBEDS_FINDERS = []  # the site must work offline: no oEmbed lookups
# Nor avatars or release checks from other hosts (the admin's CSP would refuse them anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Sign-in attempts are throttled by django-axes (kept in the database, so it holds across
# several app servers): 5 failures for one username from one address lock it for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The QR code on a mother's login card (django-sesame; see the login card below).
    "sesame.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# A login card's link carries an unguessable signature, so guessing gains nothing from
# throttling; counting its failures by address would instead lock out every mother behind
# the same carrier NAT after five stale cards.
AXES_WHITELIST_CALLABLE = "config.auth.is_login_card_attempt"
AXES_USERNAME_CALLABLE = "config.auth.axes_username"
# Counted by the visitor's address, not a load balancer's: behind TRUSTED_PROXIES proxies
# (nginx, one, in `make cluster`) it is read from the X-Forwarded-For they append to.
AXES_CLIENT_IP_CALLABLE = "config.auth.client_address"
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", 0))

# Login cards: a coordinator prints a card whose QR code signs a mother in once, without a
# password (django-sesame). Its link expires after LOGIN_CARD_DAYS and works only once: any
# sign-in of hers (card or password), or a new password, voids every card printed before it.
SESAME_MAX_AGE = datetime.timedelta(days=int(os.environ.get("LOGIN_CARD_DAYS", 7)))
SESAME_ONE_TIME = True

LOGIN_URL = "login"
# Fallbacks only: the sign-in page lands each role on her start page in her language
# (config.views.SignInView), and the header's sign-out says where to go (the home in hers).
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per background task is noise at INFO; failures still show.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "stripe": {"level": "WARNING"},
        # fpdf2 subsetting the payslip font would log every glyph it keeps.
        "fontTools": {"level": "WARNING"},
    },
}

# Operations (ops): request ids and JSON logs, metrics -------------------------------------
# Every log line carries the request id (ops.requestid); LOG_FORMAT=json writes one JSON object
# per line (python-json-logger), as production does by default, for a log collector to index.
LOGGING["filters"] = {"request_id": {"()": "ops.requestid.RequestIdFilter"}}
LOGGING["formatters"] = {
    "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
}
LOGGING["handlers"]["console"].update(
    filters=["request_id"], formatter=os.environ.get("LOG_FORMAT", "plain")
)
# /metrics (Prometheus) answers a scraper with this bearer token, or one connecting straight
# (not through a proxy) from these networks; everyone else gets 403.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")

# Security headers that hold in every environment; production.py adds HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy, by Django's own middleware: our own files only, and no inline script
# or style, so injected markup can neither run nor call out. The purchase page adds Stripe's
# hosts for Stripe.js (marketplace.views.uses_stripe_js); an inline script would need
# nonce="{{ csp_nonce }}" (the csp context processor; the header names a nonce only on a page
# that used it). Media served from another host
# (object storage) would be added to img-src.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],  # Django's own CSRF failure page has a nonced <style>
    "img-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
# The Wagtail admin (/cms/) runs inline scripts and styles of its own (no nonces) and frames
# its own previews: a policy of its own for the trusted editors, still limited to our own host
# (config.urls applies it; tests/e2e/test_cms_journey.py shows it is enough).
WAGTAILADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

SITE_TAGLINE = _("Fine goods made by women")

# Payslips as PDF: the Chinese font they are drawn with, Debian's fonts-noto-cjk (installed
# by bin/system-deps); in a font collection (.ttc), PAYSLIP_FONT_INDEX picks the face (2 is
# Simplified Chinese in Noto Sans CJK). Without it the PDF says so and the page still prints.
PAYSLIP_FONT = os.environ.get(
    "PAYSLIP_FONT", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
)
PAYSLIP_FONT_INDEX = int(os.environ.get("PAYSLIP_FONT_INDEX", 2))
# Prepared files (a run's payslip zip …) are made on a worker and kept this many days, in the
# "private" storage when STORAGES names one, else under MEDIA_ROOT/private/, which the web
# server must not serve: they are downloaded only through a view that checks who asks.
PREPARED_FILES_DAYS = int(os.environ.get("PREPARED_FILES_DAYS", 7))

# Buying
STOCK_RESERVATION_MINUTES = int(os.environ.get("STOCK_RESERVATION_MINUTES", 30))

# Stripe. With no keys in the environment the demo talks to the embedded localstripe server
# (make demo starts it on STRIPE_API_BASE); with real keys and an empty STRIPE_API_BASE the
# same code talks to Stripe. The demo values are public: production.py refuses them for Stripe.
DEMO_STRIPE_KEYS = {
    "STRIPE_SECRET_KEY": "sk_test_localstripe",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_localstripe",
    "STRIPE_WEBHOOK_SECRET": "whsec_localstripe_demo",
}
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", DEMO_STRIPE_KEYS["STRIPE_SECRET_KEY"])
STRIPE_PUBLISHABLE_KEY = os.environ.get(
    "STRIPE_PUBLISHABLE_KEY", DEMO_STRIPE_KEYS["STRIPE_PUBLISHABLE_KEY"]
)
STRIPE_WEBHOOK_SECRET = os.environ.get(
    "STRIPE_WEBHOOK_SECRET", DEMO_STRIPE_KEYS["STRIPE_WEBHOOK_SECRET"]
)
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "http://127.0.0.1:8420")
STRIPE_JS_URL = os.environ.get(
    "STRIPE_JS_URL",
    f"{STRIPE_API_BASE}/js.stripe.com/v3/" if STRIPE_API_BASE else "https://js.stripe.com/v3/",
)
