"""``{% production_photo image "work-thumb" alt="" %}``: the <img> of one of the renditions
named in orders.production.photos, which the upload already made."""

from django import template

from wagtail.images.shortcuts import get_rendition_or_not_found

from orders.production.photos import RENDITIONS

register = template.Library()


@register.simple_tag
def production_photo(image, name: str, **attributes) -> str:
    return get_rendition_or_not_found(image, RENDITIONS[name]).img_tag(attributes)
