"""The test suite: SQLite file database by default, PostgreSQL when DATABASE_URL is set."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, STATIC_ROOT, VAR_DIR, env_bool

DEBUG = False
# Off, so that a test sees each page rendered; tests/showcase/test_page_cache*.py and the browser
# journeys (tests/e2e/conftest.py, as in production) turn it on; PAGE_CACHE=1 runs any test
# with it, PAGE_CACHE=0 the journeys without it.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", False)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not :memory:, so that threads and the live server share one database. Its name
    # stays the same from run to run, so that `pytest --reuse-db` finds it (migrated) again;
    # `make` gives each of its runs a file of its own (SQLITE_TEST_PATH), so that it never
    # shares a database with a developer's run, and pytest-xdist suffixes each worker's (_gw0).
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("SQLITE_TEST_PATH", str(VAR_DIR / "test-db.sqlite3"))
    }

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing directory
