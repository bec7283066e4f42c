"""showcase_images' {% image %}: Wagtail's tag, the same HTML, without writing a prefetched
rendition back to the cache on every use (issue 15, point 3)."""

from django.core.cache import cache
from django.template import Context, Template

from wagtail.images import get_image_model
from wagtail.images.models import Filter

import pytest

from showcase.selectors import CARD_RENDITION
from tests.factories import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    """Renditions are cached by image id, which the next test's database gives out again."""
    cache.clear()


TAGS = (
    '{% image photo fill-480x480 format-webp alt="结" loading="lazy" %}'
    "{% image photo fill-160x160 as small %}{{ small.url }} {{ small.width }}"
)


def render(library: str, photo) -> str:
    return Template(f"{{% load {library} %}}{TAGS}").render(Context({"photo": photo}))


def cache_key(image, spec: str) -> str:
    rendition_model = image.get_rendition_model()
    return rendition_model.construct_cache_key(image, Filter(spec).get_cache_key(image), spec)


def prefetched(image_id: int):
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return images.get(pk=image_id)


def test_it_writes_what_wagtails_tag_writes():
    image = make_image()
    wagtails = render("wagtailimages_tags", image)  # makes the renditions

    assert render("showcase_images", image) == wagtails
    assert render("showcase_images", prefetched(image.pk)) == wagtails
    assert render("showcase_images", None) == " "


def test_a_prefetched_rendition_is_not_written_back_to_the_cache():
    image = make_image()
    render("wagtailimages_tags", image)  # makes the rendition, and caches it
    cache.clear()

    Template("{% load showcase_images %}{% image photo fill-480x480 format-webp %}").render(
        Context({"photo": prefetched(image.pk)})
    )

    assert cache.get(cache_key(image, CARD_RENDITION)) is None


def test_a_rendition_not_prefetched_is_made_and_cached_as_wagtail_does():
    image = make_image()

    html = Template("{% load showcase_images %}{% image photo fill-200x100 %}").render(
        Context({"photo": image})
    )

    assert image.renditions.filter(filter_spec="fill-200x100").exists()
    assert image.renditions.get().url in html
    assert cache.get(cache_key(image, "fill-200x100")) is not None
