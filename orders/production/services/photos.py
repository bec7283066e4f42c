"""Saving the photos of production: an order's model piece, an inspection's rejected pieces."""

from collections.abc import Iterable

from django.db import transaction

from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from orders.production.tasks import photo_renditions_create_task


def photo_save(*, upload, title: str, user, renditions: Iterable[str]) -> AbstractImage:
    """Store ``upload`` (a validated image) as a Wagtail image and, once committed, make the
    ``renditions`` the pages show, in a task: so the photo is decoded once, there, instead of
    by the first page request on each worker."""
    image = get_image_model().objects.create(title=title, file=upload, uploaded_by_user=user)
    specs = list(renditions)
    transaction.on_commit(lambda: photo_renditions_create_task.enqueue(image.pk, specs))
    return image
