"""Reading the site's pages in the tests: addresses in English (so that an assertion holds
whatever the Chinese catalogue says), the flash messages a page shows, and its HTML."""

from django.urls import reverse
from django.utils import translation


def en(name: str, *args) -> str:
    """The English address of the URL named ``name`` (under /en/)."""
    with translation.override("en"):
        return reverse(name, args=args)


def zh(name: str, *args) -> str:
    """The Chinese address of the URL named ``name`` (the default language: no prefix)."""
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def said(response) -> list[str]:
    """The flash messages on the page a redirect led to, or on the page itself."""
    return [str(message) for message in response.context["messages"]]


def page(response) -> str:
    return response.content.decode()


def templates(response) -> set[str]:
    """The names of the templates the page was drawn with."""
    return {template.name for template in response.templates}
