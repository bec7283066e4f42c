"""Fixtures of the showcase's tests."""

from django.core.cache import cache

import pytest


@pytest.fixture
def page_cache(settings):
    """The page cache (and its shared fragments) on, from an empty cache: the tests run with it
    off (config.settings.test). A module that tests it says
    ``pytestmark = pytest.mark.usefixtures("page_cache")``."""
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()
