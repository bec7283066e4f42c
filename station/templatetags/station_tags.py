from django import template

from marketplace.models.catalogue import display_name_of

register = template.Library()


@register.filter
def position_title(position) -> str:
    """A position's title in the page's language, falling back to the Chinese title."""
    return display_name_of(position.title, position.title_en)
