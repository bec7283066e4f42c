"""Production's photos: an order's model piece and an inspection's rejected pieces.

A photo over 20 megapixels is refused with a clear message and changes nothing; an accepted
one has the renditions the mother's and the coordinator's pages show made when it is
uploaded, so that no page request decodes the original (a 36-megapixel PNG of 0.1 MB costs a
worker ~250 MB to decode).
"""

import io
from unittest import mock

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

from orders.models import Handover, Inspection, ProductionOrder
from orders.production.photos import INSPECTION_PHOTO, ORDER_PHOTO
from orders.production.tasks import photo_renditions_create_task
from tests.orders.factories import HandoverFactory, mother_for
from tests.orders.production.helpers import order_fields
from tests.pages import en

pytestmark = pytest.mark.django_db

Image = get_image_model()
Rendition = Image.get_rendition_model()
TOO_MANY_PIXELS = "This file has too many pixels (21000000). Maximum pixels 20000000."


def png(name: str, size: tuple[int, int], color: str = "#b3202a") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def over_the_limit() -> SimpleUploadedFile:
    """21 megapixels of one colour: a few kilobytes as a PNG, ~84 MB once decoded."""
    buffer = io.BytesIO()
    PILImage.new("L", (5000, 4200), 200).save(buffer, "PNG")
    return SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _no_cached_renditions():
    """Wagtail caches renditions by image id, which a rolled-back test hands on to the next."""
    cache.clear()


@pytest.fixture
def handover(claim) -> Handover:
    return HandoverFactory(claim=claim, count=40)


# At most 20 megapixels ---------------------------------------------------------------------


def test_a_model_photo_over_20_megapixels_is_refused(coordinator_client, order):
    response = coordinator_client.post(
        en("co_order_new"), order_fields(order.product) | {"photo_upload": over_the_limit()}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["photo_upload"] == [TOO_MANY_PIXELS]
    assert ProductionOrder.objects.count() == 1 and not Image.objects.exists()


def test_an_inspection_photo_over_20_megapixels_is_refused(coordinator_client, order, handover):
    response = coordinator_client.post(
        en("co_inspect", order.pk, handover.pk),
        {"accepted": "40", "photo_upload": over_the_limit()},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["photo_upload"] == [TOO_MANY_PIXELS]
    assert not Inspection.objects.exists() and not Image.objects.exists()


def test_the_message_is_in_chinese_for_a_chinese_page(coordinator_client, order):
    response = coordinator_client.post(
        "/co/orders/new/", order_fields(order.product) | {"photo_upload": over_the_limit()}
    )
    message = response.context["form"].errors["photo_upload"][0]
    assert "20000000" in message and "pixels" not in message


# Renditions are made at upload, not by the pages ------------------------------------------


def upload_model_photo(client, order, capture) -> ProductionOrder:
    fields = order_fields(order.product, required_skill=order.required_skill_id, publish="1")
    with capture(execute=True):
        client.post(en("co_order_new"), fields | {"photo_upload": png("knot.png", (1600, 1200))})
    return ProductionOrder.objects.exclude(pk=order.pk).get()


def assert_drawn_without_decoding(client, url: str, photo) -> None:
    """The page shows the photo's rendition and neither makes one nor opens an image."""
    renditions = Rendition.objects.count()
    with mock.patch.object(PILImage, "open", wraps=PILImage.open) as pillow_open:
        response = client.get(url)
    assert response.status_code == 200
    assert Rendition.objects.count() == renditions
    assert pillow_open.call_count == 0
    page = response.content.decode()
    assert any(r.url in page for r in Rendition.objects.filter(image=photo)), page


def test_an_uploaded_model_photo_has_its_renditions(
    coordinator_client, order, django_capture_on_commit_callbacks
):
    created = upload_model_photo(coordinator_client, order, django_capture_on_commit_callbacks)
    made = set(Rendition.objects.filter(image=created.photo).values_list("filter_spec", flat=True))
    assert made == set(ORDER_PHOTO.values())


def test_the_mothers_pages_draw_the_model_photo_without_decoding_it(
    client, coordinator_client, order, django_capture_on_commit_callbacks
):
    created = upload_model_photo(coordinator_client, order, django_capture_on_commit_callbacks)
    client.force_login(mother_for(order).user)

    assert_drawn_without_decoding(client, en("work_open"), created.photo)
    assert_drawn_without_decoding(client, en("work_order", created.pk), created.photo)


def test_the_coordinators_order_page_draws_it_without_decoding_it(
    coordinator_client, order, django_capture_on_commit_callbacks
):
    created = upload_model_photo(coordinator_client, order, django_capture_on_commit_callbacks)
    assert_drawn_without_decoding(coordinator_client, en("co_order", created.pk), created.photo)


def test_her_claim_page_draws_the_inspection_photo_without_decoding_it(
    client, coordinator_client, order, handover, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            en("co_inspect", order.pk, handover.pk),
            {"accepted": "40", "photo_upload": png("faults.png", (1200, 900))},
        )
    photo = Inspection.objects.get().photo
    assert set(Rendition.objects.filter(image=photo).values_list("filter_spec", flat=True)) == {
        *INSPECTION_PHOTO.values()
    }
    client.force_login(handover.claim.mother.user)
    assert_drawn_without_decoding(client, en("work_claim", handover.claim_id), photo)


def test_the_task_skips_a_photo_deleted_since():
    assert photo_renditions_create_task.call(10**9, list(ORDER_PHOTO.values())) == 0
