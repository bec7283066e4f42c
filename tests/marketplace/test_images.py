"""Every photo upload is decoded whole before it is stored: a broken file is a form error.

The same check runs for a coordinator's photos (tests/orders/test_crafted_input.py) and for
the Wagtail admin's own image form, which WAGTAILIMAGES_IMAGE_FORM_BASE points at it.
"""

import io

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

from marketplace.images import ImageUploadField
from tests.factories import truncated_png

pytestmark = pytest.mark.django_db

BROKEN = "不是完整的图片"


def png(size=(120, 90)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "#b3202a").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 90), "#b3202a").save(buffer, "JPEG")
    return buffer.getvalue()


BROKEN_FILES = {
    "png-first-40-bytes": ("knot.png", truncated_png(40)),
    "png-signature-only": ("knot.png", truncated_png(8)),
    "png-header-and-a-little": ("knot.png", truncated_png(60)),
    "png-cut-in-the-pixels": ("knot.png", png((400, 300))[:-200]),
    "jpeg-cut-in-half": ("knot.jpg", jpeg()[: len(jpeg()) // 2]),
}


@pytest.mark.parametrize(("name", "content"), BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_a_broken_image_is_a_validation_error(name, content):
    upload = SimpleUploadedFile(name, content, content_type="image/png")

    with pytest.raises(ValidationError) as raised:
        ImageUploadField().clean(upload)

    with translation.override("zh-hans"):
        assert BROKEN in raised.value.messages[0]


def test_a_whole_image_passes_and_can_be_read_again():
    upload = SimpleUploadedFile("knot.png", png(), content_type="image/png")

    cleaned = ImageUploadField().clean(upload)

    assert cleaned.read(8) == b"\x89PNG\r\n\x1a\n"  # left at the start for whoever saves it


@pytest.fixture
def editor(client):
    admin = get_user_model().objects.create_superuser("editor", "e@example.com", "x-pass-2026")
    client.force_login(admin)
    return client


@pytest.mark.parametrize(("name", "content"), BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_the_cms_refuses_a_broken_image_with_a_message(editor, name, content):
    upload = SimpleUploadedFile(name, content, content_type="image/png")

    response = editor.post("/cms/images/add/", {"title": "结", "file": upload})

    assert response.status_code == 200
    assert BROKEN in response.content.decode()
    assert not get_image_model().objects.exists()


def test_the_cms_still_takes_a_whole_image(editor):
    upload = SimpleUploadedFile("knot.png", png(), content_type="image/png")

    response = editor.post("/cms/images/add/", {"title": "结", "file": upload})

    assert response.status_code == 302
    assert get_image_model().objects.get().title == "结"


def test_the_cms_multiple_upload_refuses_a_broken_image(editor):
    upload = SimpleUploadedFile("knot.png", truncated_png(), content_type="image/png")

    response = editor.post("/cms/images/multiple/add/", {"files[]": upload})

    assert response.status_code == 200 and response.json()["success"] is False
    assert not get_image_model().objects.exists()
