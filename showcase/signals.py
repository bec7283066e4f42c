"""Keep the product pages' search columns (``showcase.search``) in step with the names they copy.

A page's own content is refreshed when it is saved; these receivers cover the rows it only
points at: its product, the product's category and cooperative, and its tags. Renaming any of
them in the admin refreshes the pages that show it, in every language; deleting a tag
refreshes the pages that had it.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from taggit.models import Tag

from marketplace.models import Category, Cooperative, Product
from showcase.models import ProductPage
from showcase.search import search_refresh

# A product's fields whose names are copied into its pages' search columns.
PRODUCT_NAMES = {"category", "cooperative"}


@receiver(post_save, sender=Product, dispatch_uid="showcase.search.product")
def product_saved(sender, instance: Product, update_fields=None, **kwargs) -> None:
    # Stock and price change often and change no name: nothing to refresh then.
    if update_fields is None or PRODUCT_NAMES & set(update_fields):
        search_refresh(pages=ProductPage.objects.filter(product=instance))


@receiver(post_save, sender=Category, dispatch_uid="showcase.search.category")
def category_saved(sender, instance: Category, **kwargs) -> None:
    search_refresh(pages=ProductPage.objects.filter(product__category=instance))


@receiver(post_save, sender=Cooperative, dispatch_uid="showcase.search.cooperative")
def cooperative_saved(sender, instance: Cooperative, **kwargs) -> None:
    search_refresh(pages=ProductPage.objects.filter(product__cooperative=instance))


@receiver(post_save, sender=Tag, dispatch_uid="showcase.search.tag")
def tag_saved(sender, instance: Tag, created: bool, **kwargs) -> None:
    if not created:  # a new tag is on no page yet; its page's own save copies it
        search_refresh(pages=ProductPage.objects.filter(tagged_items__tag=instance).distinct())


@receiver(pre_delete, sender=Tag, dispatch_uid="showcase.search.tag_deleting")
def tag_deleting(sender, instance: Tag, **kwargs) -> None:
    # Its pages are known only before the delete takes their tagged items with it.
    instance._search_page_ids = list(
        ProductPage.objects.filter(tagged_items__tag=instance).values_list("pk", flat=True)
    )


@receiver(post_delete, sender=Tag, dispatch_uid="showcase.search.tag_deleted")
def tag_deleted(sender, instance: Tag, **kwargs) -> None:
    page_ids = getattr(instance, "_search_page_ids", [])
    if page_ids:
        search_refresh(pages=ProductPage.objects.filter(pk__in=page_ids))
