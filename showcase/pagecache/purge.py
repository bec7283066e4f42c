"""Which pages show a page or a product, and purging them when it changes.

A page is shown by itself, by its listing and the home page above it, and across the tree:
a product on its cooperative's page, a cooperative's name on its products' pages, a story on
its cooperative's page. Purges wait for the commit, so that the next render reads the new
rows; the pages are read before it (a deleted or moved page's old addresses are gone after).
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from marketplace.models import Category, Cooperative, Product
from marketplace.signals import products_changed
from showcase.models import CooperativePage, ProductIndexPage, ProductPage, StoryPage
from showcase.pagecache.store import paths_purge

logger = logging.getLogger(__name__)


def pages_purge(*, pages: Iterable[Page]) -> None:
    """Purges every cached variant of ``pages``, here and in the front proxy, after the commit."""
    addresses_purge(addresses=page_addresses(pages))


def addresses_purge(*, addresses: list[tuple[str, str]]) -> None:
    if addresses:
        transaction.on_commit(lambda: _purge(addresses))


def page_addresses(pages: Iterable[Page]) -> list[tuple[str, str]]:
    """Each page's path on its site and its full URL (read now: a move or delete ends them)."""
    # dict: each address once, though a page may come both as itself and as its ancestor Page.
    return list(dict.fromkeys(address for page in pages if (address := _address(page))))


def pages_showing_page(page: Page) -> set[Page]:
    page = page.specific
    shown = {page, *page.get_ancestors().filter(depth__gt=1)}
    if isinstance(page, ProductPage):
        shown |= _cooperative_pages([page.product.cooperative_id], locale=page.locale_id)
    elif isinstance(page, StoryPage) and page.cooperative_id:
        shown |= _cooperative_pages([page.cooperative_id], locale=page.locale_id)
    elif isinstance(page, CooperativePage):
        # Each of its products' pages names it ("Made by …").
        shown |= set(ProductPage.objects.filter(product__cooperative_id=page.cooperative_id))
    return shown


def pages_showing_products(*, product_ids: Iterable[int]) -> set[Page]:
    """Each product's pages (every language), their listings and home pages, and the pages of
    the cooperatives that make them: everywhere its price or availability is shown."""
    product_pages = ProductPage.objects.filter(product_id__in=product_ids).select_related("product")
    shown: set[Page] = set()
    for page in product_pages:
        shown |= {page, *page.get_ancestors().filter(depth__gt=1)}
    cooperatives = {page.product.cooperative_id for page in product_pages}
    return shown | _cooperative_pages(cooperatives)


def _cooperative_pages(cooperative_ids: Iterable[int], *, locale: int | None = None) -> set[Page]:
    pages = CooperativePage.objects.filter(cooperative_id__in=cooperative_ids)
    return set(pages.filter(locale_id=locale) if locale else pages)


def _address(page: Page) -> tuple[str, str] | None:
    """The page's path on its site and its full URL, or None where it has none."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    _site_id, root_url, path = parts
    return path, f"{root_url}{path}"


def _purge(addresses: list[tuple[str, str]]) -> None:
    paths_purge(paths=[path for path, _url in addresses])
    if settings.WAGTAILFRONTENDCACHE:
        try:
            PurgeBatch([url for _path, url in addresses]).purge()
        except Exception:  # a proxy that is down must not fail the editor's publish
            logger.exception("The front proxy's purge failed")


@receiver(page_published, dispatch_uid="showcase.pagecache.published")
@receiver(page_unpublished, dispatch_uid="showcase.pagecache.unpublished")
def page_changed(sender, instance: Page, **kwargs) -> None:
    pages_purge(pages=pages_showing_page(instance))


# A moving page's addresses before the move, from pre_page_move to post_page_move (which gets
# another instance of the page), by page id.
_addresses_before_move: dict[int, list[tuple[str, str]]] = {}


@receiver(pre_page_move, dispatch_uid="showcase.pagecache.moving")
def page_moving(sender, instance: Page, **kwargs) -> None:
    # Its old address, its old listing's, and its descendants' (they move with it).
    shown = pages_showing_page(instance) | set(instance.get_descendants())
    _addresses_before_move[instance.pk] = page_addresses(shown)


@receiver(post_page_move, dispatch_uid="showcase.pagecache.moved")
def page_moved(sender, instance: Page, **kwargs) -> None:
    addresses_purge(addresses=_addresses_before_move.pop(instance.pk, []))
    pages_purge(pages=pages_showing_page(instance) | set(instance.get_descendants()))


@receiver(page_slug_changed, dispatch_uid="showcase.pagecache.renamed")
def page_renamed(sender, instance: Page, instance_before: Page, **kwargs) -> None:
    # Its old address and its descendants' (their paths began with its old one).
    old, new = instance_before.url_path, instance.url_path
    renamed = [instance_before]
    for page in instance.get_descendants():
        page.url_path = old + page.url_path[len(new) :]
        renamed.append(page)
    pages_purge(pages=renamed)


@receiver(post_save, sender=Product, dispatch_uid="showcase.pagecache.product")
def product_saved(sender, instance: Product, **kwargs) -> None:
    # Price, availability, name: any edit of a product may change what its pages show.
    transaction.on_commit(lambda: _product_ids_purge([instance.pk]))


@receiver(post_save, sender=Category, dispatch_uid="showcase.pagecache.category")
@receiver(post_save, sender=Cooperative, dispatch_uid="showcase.pagecache.cooperative")
def name_saved(sender, instance: Category | Cooperative, **kwargs) -> None:
    # Their names are on every card and page of their products, and in the product listings'
    # filters, a new one's too (rare edits: purge them all); a cooperative's on its stories.
    field = "category" if sender is Category else "cooperative"
    product_ids = list(Product.objects.filter(**{field: instance}).values_list("pk", flat=True))
    transaction.on_commit(lambda: _product_ids_purge(product_ids))
    named = set(ProductIndexPage.objects.all())
    if sender is Cooperative:
        named |= set(StoryPage.objects.filter(cooperative=instance))
    pages_purge(pages=named)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="showcase.pagecache.restricted")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="showcase.pagecache.opened")
def restriction_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    # A section made private leaves every listing that showed its pages, and its kept pages
    # must not be served to a visitor who may not see them; one made public again rejoins.
    try:
        section = instance.page
    except Page.DoesNotExist:  # deleted with its page, whose deletion purges
        return
    pages = [section, *section.get_descendants().specific()]
    pages_purge(pages=set().union(*(pages_showing_page(page) for page in pages)))


@receiver(products_changed, dispatch_uid="showcase.pagecache.stock")
def stock_changed(sender, product_ids: frozenset[int], **kwargs) -> None:
    _product_ids_purge(product_ids)


def _product_ids_purge(product_ids: Iterable[int]) -> None:
    pages_purge(pages=pages_showing_products(product_ids=product_ids))
