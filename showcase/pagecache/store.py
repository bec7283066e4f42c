"""The page cache's entries in the shared cache, and how a path's entries are purged.

Every path has a *generation*, a random token kept in the cache beside its entries, and each
entry records the generation it was rendered under. Purging a path forgets its generation, so
every variant of the path (a listing's filters and pages, each host) is missed at once; and a
page rendered from rows read before a purge but stored after it carries the forgotten
generation, so nobody is served it: the race a plain delete loses. A generation that expires or
is evicted is a purge too, so nothing stale can outlive it. A visit reads the generation and
the entry in one round trip to the cache.
"""

import hashlib
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.encoding import iri_to_uri

# Versioned with the entries' shape: after a deploy that changes it, the new code finds none of
# the old entries (they expire) instead of reading a shape it does not know.
PREFIX = "pagecache2"
# Stands in the shared copy for the CSRF token a form carries; each visitor gets her own.
CSRF_HOLE = b"\x00pagecache-csrf-token\x00"


@dataclass(frozen=True)
class Entry:
    body: bytes
    # The rendered answer's headers (Content-Type, Vary, Content-Language, X-Frame-Options …),
    # as the middleware inside the page cache left them, replayed on every copy served.
    headers: tuple[tuple[str, str], ...]
    etag: str
    last_modified: int  # seconds since the epoch: when the page was rendered
    generation: str  # its path's generation when the rendering began

    @classmethod
    def of(cls, *, body: bytes, headers: Iterable[tuple[str, str]], generation: str) -> "Entry":
        return cls(
            body=body,
            headers=tuple(headers),
            etag=f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"',
            last_modified=int(time.time()),
            generation=generation,
        )

    @property
    def has_csrf_hole(self) -> bool:
        return CSRF_HOLE in self.body


@dataclass(frozen=True)
class Fragment:
    """A part of a page that is the same for every visitor (showcase.pagecache.fragments)."""

    html: str
    generation: str  # its path's generation when the rendering began


@dataclass(frozen=True)
class Slot:
    """Where one variant of a page (host, path, canonical query), or of a fragment of it, is
    kept. Both are of the page's path's generation: a purge of the path forgets both."""

    key: str
    generation_key: str

    @classmethod
    def of(cls, *, host: str, path: str, query: str) -> "Slot":
        return cls(
            key=f"{PREFIX}:page:{_digest(host, path, query)}",
            generation_key=_generation_key(path),
        )

    @classmethod
    def of_fragment(cls, *, host: str, path: str, query: str, name: str, language: str) -> "Slot":
        return cls(
            key=f"{PREFIX}:fragment:{_digest(host, path, query, name, language)}",
            generation_key=_generation_key(path),
        )

    def lookup(self) -> tuple[Entry | Fragment | None, str]:
        """The kept entry when it is of its path's current generation, and that generation
        (made now if there is none). Read before a miss renders, the generation is the one to
        store the rendering under: a purge during the rendering then voids it."""
        found = cache.get_many([self.generation_key, self.key])
        generation, entry = found.get(self.generation_key), found.get(self.key)
        if generation is None:
            return None, _generation_new(self.generation_key)
        if entry is not None and entry.generation == generation:
            return entry, generation
        return None, generation

    def put(self, entry: Entry | Fragment) -> None:
        cache.set(self.key, entry, timeout=settings.PAGE_CACHE_SECONDS)


def paths_purge(*, paths: Iterable[str]) -> None:
    """Forget every cached variant of each path (e.g. "/en/products/knot/")."""
    cache.delete_many([_generation_key(path) for path in set(paths)])


def _generation_new(key: str) -> str:
    # Expires with the entries it names, so that paths requested once (a bot's 404s) fade.
    # add(): of two requests making one at once, both keep the first.
    cache.add(key, uuid.uuid4().hex, timeout=settings.PAGE_CACHE_SECONDS)
    # Evicted between the two calls: a token of its own, so that no one else reads what is kept.
    return cache.get(key) or uuid.uuid4().hex


def _generation_key(path: str) -> str:
    # One spelling for a request's path (decoded: /products/如意结/) and a page's own URL
    # (reverse() quotes it: /products/%E5%A6%82…/); iri_to_uri is what reverse() applies.
    return f"{PREFIX}:gen:{_digest(iri_to_uri(path))}"


def _digest(*parts: str) -> str:
    # Paths may be long or Chinese; a digest keeps every key short and plain for any backend.
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()
