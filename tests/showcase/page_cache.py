"""Helpers for the page cache's tests: is a page served from the cache, or rendered?"""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def served_from_cache(client, url: str, status: int = 200) -> bool:
    """True when the page came out of the cache: a kept page renders no template and reads no
    row at all."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, url
    return not response.templates and len(queries) == 0


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()
