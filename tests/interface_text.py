"""The interface text of a page, and the words in it that are not in the page's language.

A page's interface text is what a person reads or hears from it: its text nodes (not scripts,
styles or templates) and the attributes a browser shows or speaks (placeholder, title,
aria-label, alt, and the value written on an input button). Content — what people typed in:
names, addresses, products — is told apart by the caller, who knows it (``database_text``),
and taken out before the words are counted.
"""

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.html import strip_tags

import wagtail
from wagtail.fields import StreamField

import polib

UNREAD = {"script", "style", "template"}
SPOKEN = ("placeholder", "title", "aria-label", "alt")
BUTTON_TYPES = {"submit", "button", "reset"}

# English in a Chinese page: a run of three ASCII letters or more is a word.
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Chinese in an English page: ideographs and the full-width punctuation that goes with them.
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]+")
# Addresses and e-mail addresses are data, whatever letters they are made of.
ADDRESSES = re.compile(r"https?://\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.unread = 0

    def handle_starttag(self, tag, attrs):
        if tag in UNREAD:
            self.unread += 1
        self.handle_startendtag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        if self.unread:
            return
        attrs = dict(attrs)
        self.texts += [attrs[name] for name in SPOKEN if attrs.get(name)]
        if tag == "input" and attrs.get("type") in BUTTON_TYPES and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in UNREAD and self.unread:
            self.unread -= 1

    def handle_data(self, data):
        if not self.unread and data.strip():
            self.texts.append(" ".join(data.split()))


def interface_texts(html: str) -> list[str]:
    """Every piece of text a person reads or hears on the page, in order."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.texts


def foreign_words(
    html: str, *, pattern: re.Pattern, content: re.Pattern, allowed: set[str]
) -> dict[str, str]:
    """The words matching ``pattern`` in the page's interface text, less ``content`` and the
    ``allowed`` words, in the order they come, each with the text it was first found in."""
    found: dict[str, str] = {}
    for text in interface_texts(html):
        for word in pattern.findall(content.sub(" ", ADDRESSES.sub(" ", text))):
            if word not in allowed:
                found.setdefault(word, text)
    return found


def database_text(*, app_labels: Iterable[str], language: str | None) -> re.Pattern:
    """Every text people stored in these apps' tables, as a pattern: the content of the pages.
    A text is matched whole (longest first), never as part of a word ("en" is a locale's code,
    not the middle of "currently").

    Fields with choices are the interface's own words and stay out. A field with an English
    twin (``name`` and ``name_en``) is content only in the ``language`` it is written for: on
    an English page the Chinese ``name`` would be a missing translation of the content, and on
    a Chinese page ``name_en`` would be the wrong field shown. With no ``language`` (the
    admin, which shows both), both are content.
    """
    values = set()
    for model in (m for label in app_labels for m in apps.get_app_config(label).get_models()):
        names = {field.name for field in model._meta.concrete_fields}
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | StreamField)
            and not field.choices
            and _written_for(field.name, names, language)
        ]
        for row in model.objects.values_list(*(f.name for f in fields)) if fields else ():
            values.update(_pieces(row))
    texts = sorted(values, key=len, reverse=True) or ["(?!)"]
    return re.compile("|".join(rf"(?<![A-Za-z]){re.escape(t)}(?![A-Za-z])" for t in texts))


def _written_for(name: str, names: set[str], language: str | None) -> bool:
    if language is None:
        return True
    if language == "en":
        return f"{name}_en" not in names
    return not name.endswith("_en")


def _pieces(row) -> Iterable[str]:
    for value in row:
        text = str(value or "")
        if text.strip():
            text = strip_tags(text) if "<" in text else text
            yield from (line.strip() for line in text.splitlines() if line.strip())


def wagtail_untranslated_words(language: str) -> set[str]:
    """The English words of Wagtail's own messages that its catalogue for ``language`` leaves
    untranslated: on the admin's pages of our models they are Wagtail's to translate, not
    ours (our verbose names, labels, help texts and columns are still checked)."""
    words = set()
    catalogues = Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po")
    with translation.override(language):
        for entry in (e for catalogue in catalogues for e in polib.pofile(str(catalogue))):
            for message in filter(None, (entry.msgid, entry.msgid_plural)):
                if translation.gettext(message) == message:
                    words.update(ENGLISH_WORD.findall(message))
    return words
