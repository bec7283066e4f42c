"""The page cache's entries in the shared cache, and how a path's entries are purged.

An entry's key holds its path's *generation*, a random token kept beside it. Purging a path
forgets its generation, so every variant of the path (a listing's filters and pages, each
host) is missed at once, and a page rendered from rows read before a purge but stored after
it lands under the forgotten generation, where nobody looks: the race a plain delete loses.
A generation that expires or is evicted is a purge too, so nothing stale can outlive it.
"""

import hashlib
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.encoding import iri_to_uri

PREFIX = "pagecache"
# Stands in the shared copy for the CSRF token a form carries; each visitor gets her own.
CSRF_HOLE = b"\x00pagecache-csrf-token\x00"


@dataclass(frozen=True)
class Entry:
    body: bytes
    content_type: str
    etag: str
    last_modified: int  # seconds since the epoch: when the page was rendered

    @classmethod
    def of(cls, *, body: bytes, content_type: str) -> "Entry":
        return cls(
            body=body,
            content_type=content_type,
            etag=f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"',
            last_modified=int(time.time()),
        )

    @property
    def has_csrf_hole(self) -> bool:
        return CSRF_HOLE in self.body

    def body_for(self, request) -> bytes:
        """The page as this visitor gets it: her own CSRF token in the hole (which, for a
        new visitor, also sets her CSRF cookie on the way out)."""
        if not self.has_csrf_hole:
            return self.body
        return self.body.replace(CSRF_HOLE, get_token(request).encode())


@dataclass(frozen=True)
class Slot:
    """Where one variant of a page (host, path, canonical query) is kept."""

    key: str

    @classmethod
    def of(cls, *, host: str, path: str, query: str) -> "Slot":
        generation = _generation(path)
        return cls(key=f"{PREFIX}:page:{_digest(host, path, query, generation)}")

    def get(self) -> Entry | None:
        return cache.get(self.key)

    def put(self, entry: Entry) -> None:
        cache.set(self.key, entry, timeout=settings.PAGE_CACHE_SECONDS)


def paths_purge(*, paths: Iterable[str]) -> None:
    """Forget every cached variant of each path (e.g. "/en/products/knot/")."""
    cache.delete_many([_generation_key(path) for path in set(paths)])


def _generation(path: str) -> str:
    key = _generation_key(path)
    generation = cache.get(key)
    if generation is None:
        # Expires with the entries it names, so that paths requested once (a bot's 404s) fade.
        cache.add(key, uuid.uuid4().hex, timeout=settings.PAGE_CACHE_SECONDS)
        generation = cache.get(key)
    # Evicted between the two calls: a token of its own, so that no one else reads what is kept.
    return generation or uuid.uuid4().hex


def _generation_key(path: str) -> str:
    # One spelling for a request's path (decoded: /products/如意结/) and a page's own URL
    # (reverse() quotes it: /products/%E5%A6%82…/); iri_to_uri is what reverse() applies.
    return f"{PREFIX}:gen:{_digest(iri_to_uri(path))}"


def _digest(*parts: str) -> str:
    # Paths may be long or Chinese; a digest keeps every key short and plain for any backend.
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()
