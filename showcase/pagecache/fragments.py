"""Parts of a showcase page that are the same for every visitor, kept in the shared cache.

The page cache serves whole pages only to visitors without a session; a signed-in buyer, a
cart holder or a mother browsing gets every page rendered. What costs most on a page (the
cards of a grid with their queries, a StreamField story) is nevertheless the same for her as
for everyone: ``{% shared_fragment %}`` (showcase_fragments) keeps it beside the page's
entries, of the same path's generation, so that whatever purges the page (purge.py) voids its
fragments too, and a fragment rendered from rows read before a purge but stored after it is
never served (see store.py). Price, stock and forms of the page's own product stay outside.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from showcase.pagecache.middleware import canonical_query
from showcase.pagecache.store import Fragment, Slot


def fragment_html(*, request: HttpRequest | None, name: str, render: Callable[[], str]) -> str:
    """The fragment ``name`` of this request's page: kept, or rendered by ``render`` and kept."""
    slot = fragment_slot(request, name)
    if slot is None:
        return render()
    kept, generation = slot.lookup()
    if isinstance(kept, Fragment):
        return kept.html
    html = str(render())
    slot.put(Fragment(html=html, generation=generation))
    return html


def fragment_slot(request: HttpRequest | None, name: str) -> Slot | None:
    """Where the fragment is kept, or None where it may not be shared: no request to key it
    by, a POST, a Wagtail preview (a draft's content), or a query no page reads."""
    if (
        request is None
        or not settings.PAGE_CACHE_ENABLED
        or request.method not in ("GET", "HEAD")
        or getattr(request, "is_preview", False)
    ):
        return None
    query = canonical_query(request)
    if query is None:
        return None
    return Slot.of_fragment(
        host=request.get_host(),
        path=request.path,
        query=query,
        name=name,
        language=get_language(),
    )
