"""Uploaded photos are whole images before anything stores or draws them.

One check for every upload: a coordinator's model piece and inspection photos, and the
Wagtail admin's own image form (``WAGTAILIMAGES_IMAGE_FORM_BASE``). Wagtail's field reads
the header and the size; a file cut short (its first 40 bytes, say) then fails deep inside
Pillow, as a 500 at upload or later when a rendition is drawn.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import Image as PILImage

BROKEN = _("This file is not a whole image: it may be damaged or cut short. Choose another photo.")


def _filled(message, values: dict) -> str:
    return str(message) % values


# A message filled in only when a page shows it, so in that page's language.
_filled_lazily = lazy(_filled, str)


class ImageUploadField(WagtailImageField):
    """Wagtail's image field (format, file size, pixel count), and then the whole file
    decoded, so a broken or truncated image is a form error, never a 500."""

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail fills in its help text and two of its messages when the field is made: for
        # a form's field, once, at import, in Chinese (the default language), on English
        # pages too; and its help text replaces the form's. Said again here, lazily.
        limits = {
            "supported_formats": self.supported_formats_text,
            "max_upload_size": self.max_upload_size_text,
            "max_filesize": self.max_upload_size_text,
        }
        formats = _filled_lazily(
            _("Supported formats: %(supported_formats)s. Maximum filesize: %(max_upload_size)s."),
            limits,
        )
        self.help_text = formats
        if help_text:
            # Translators: a photo field's own help, then the formats it takes. Chinese joins
            # the two sentences without a space.
            joined = _("%(help_text)s %(formats)s")
            self.help_text = _filled_lazily(joined, {"help_text": help_text, "formats": formats})
        self.error_messages["invalid_image_extension"] = _filled_lazily(
            _("Not a supported image format. Supported formats: %(supported_formats)s."), limits
        )
        self.error_messages["file_too_large_unknown_size"] = _filled_lazily(
            _("This file is too big. Maximum filesize %(max_filesize)s."), limits
        )

    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except forms.ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - Pillow fails in many ways on bad files
            raise forms.ValidationError(BROKEN, code="invalid_image") from error
        if upload is not None:
            image_decode_check(upload)
        return upload


def image_decode_check(upload) -> None:
    """Decode every pixel of ``upload`` (its pixel count is already known to be bounded)."""
    upload.seek(0)
    try:
        with PILImage.open(upload) as image:
            image.load()
    except Exception as error:  # noqa: BLE001 - as above
        raise forms.ValidationError(BROKEN, code="invalid_image") from error
    finally:
        upload.seek(0)


class CmsImageForm(BaseImageForm):
    """Wagtail's image form in the admin (add, edit, multiple upload, chooser), with its
    file checked by ImageUploadField; set as ``WAGTAILIMAGES_IMAGE_FORM_BASE``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            wagtails = self.fields["file"]
            self.fields["file"] = ImageUploadField(
                label=wagtails.label, required=wagtails.required, widget=wagtails.widget
            )
