"""``manage.py search_refresh``: recompute every product page's search columns."""

from django.core.management.base import BaseCommand

from showcase.models import ProductPage
from showcase.search import search_refresh


class Command(BaseCommand):
    help = (
        "Recompute what the showcase search looks in for every product page (title, names of "
        "product, category, cooperative and tags, text). Pages and renames keep them up to "
        "date; run this after loading pages by other means, e.g. a database restore."
    )

    def handle(self, *args, **options) -> None:
        count = search_refresh(pages=ProductPage.objects.all())
        self.stdout.write(f"search: {count} product pages refreshed")
