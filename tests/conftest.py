import pytest

from tests.factories import ShowcaseTree


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tree(db) -> ShowcaseTree:
    """A published showcase: home, product, cooperative and story index pages (Chinese)."""
    return ShowcaseTree()
