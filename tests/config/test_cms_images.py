"""The Wagtail admin's image upload (/cms/images/add/) takes at most 20 megapixels, with a
clear message, and saves nothing for a bigger one."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from PIL import Image as PILImage

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def png(size: tuple[int, int]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("L", size, 200).save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def editor(client):
    Collection.get_first_root_node() or Collection.add_root(name="Root")
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    return client


def add(client, size):
    root = Collection.get_first_root_node()
    return client.post(
        "/cms/images/add/", {"title": "如意结", "file": png(size), "collection": root.pk}
    )


def test_an_image_over_20_megapixels_is_refused(editor):
    response = add(editor, (5000, 4200))  # 21 megapixels
    assert response.status_code == 200
    assert "21000000" in response.content.decode()
    assert "20000000" in response.context["form"].errors["file"][0]
    assert not get_image_model().objects.exists()


def test_an_image_of_20_megapixels_is_taken(editor):
    response = add(editor, (5000, 4000))
    assert response.status_code == 302
    assert get_image_model().objects.get().width == 5000
