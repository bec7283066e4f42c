"""The demo's pictures as Wagtail images, in one collection, found again by title."""

import io
import zlib
from typing import NamedTuple

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from showcase.demo.pictures import picture_jpeg

DEMO_COLLECTION = "巾帼好品演示图片"


class Pic(NamedTuple):
    """A picture to draw: ``key`` names it (and seeds it), ``zoom`` > 1 gives a close-up."""

    key: str
    motif: str
    variant: str = ""
    zoom: float = 1.0


class Pictures:
    """Demo pictures as Wagtail images in one collection, found again by title."""

    def __init__(self) -> None:
        self.created = 0
        self._collection: Collection | None = None
        self._cache: dict[str, object] = {}

    def get(self, pic: Pic, description: str):
        """The image drawn for ``pic``, created (with ``description`` as its alt text) if new."""
        title = f"演示 · {pic.key}"
        if title not in self._cache:
            model = get_image_model()
            image = model.objects.filter(title=title).first() or self._create(
                model, title, pic, description
            )
            self._cache[title] = image
        return self._cache[title]

    def _create(self, model, title: str, pic: Pic, description: str):
        data = picture_jpeg(
            motif=pic.motif, variant=pic.variant, seed=zlib.crc32(pic.key.encode()), zoom=pic.zoom
        )
        image = model(
            title=title,
            description=description,
            collection=self.collection,
            file_size=len(data),
            file_hash=hash_filelike(io.BytesIO(data)),
        )
        attach_file(image, data=data, filename=f"demo-{pic.key}.jpg")
        image.save()
        self.created += 1
        return image

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            root = Collection.get_first_root_node() or Collection.add_root(name="Root")
            self._collection = root.get_children().filter(
                name=DEMO_COLLECTION
            ).first() or root.add_child(name=DEMO_COLLECTION)
        return self._collection


def attach_file(image, *, data: bytes, filename: str) -> None:
    """Give ``image`` the file ``data``, reusing an identical file an earlier seed left in storage.

    Pictures are deterministic, so without this every reseed of a fresh database would add
    another copy of each file (with a random suffix) to the media folder.
    """
    path = image.get_upload_to(filename)
    storage = image.file.storage
    if storage.exists(path):
        with storage.open(path) as existing:
            if existing.read() == data:
                image.file = path
                return
    image.file = ImageFile(io.BytesIO(data), name=filename)
