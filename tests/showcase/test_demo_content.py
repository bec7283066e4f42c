"""The showcase's demo content files hold together: each text in both languages, every name they
refer to defined, every product and cooperative of the demo marketplace given its page copy.

These fail on a slip in ``showcase/demo/data/*.toml`` with the place of it, before any seeding."""

from collections.abc import Iterator

import pytest

from marketplace.demo import COOPERATIVES, PRODUCTS
from showcase.demo import content
from showcase.demo.content import (
    COOPERATIVE_COPY,
    CRAFTS,
    HOME,
    PEOPLE,
    PRODUCT_COPY,
    QUOTES,
    STORIES,
    of,
    stream,
)
from showcase.demo.pictures import MOTIFS
from showcase.models import StoryKind

ALL = {
    "home": HOME,
    "indexes": content.INDEXES,
    "people": PEOPLE,
    "quotes": QUOTES,
    "crafts": CRAFTS,
    "products": PRODUCT_COPY,
    "cooperatives": COOPERATIVE_COPY,
    "stories": STORIES,
}


def walk(value, path: str = "") -> Iterator[tuple[str, object]]:
    """Every (path, value) in the loaded TOML, tables and lists included."""
    yield path, value
    match value:
        case dict():
            items = value.items()
        case list():
            items = enumerate(value)
        case _:
            items = ()
    for key, child in items:
        yield from walk(child, f"{path}.{key}")


def texts() -> Iterator[tuple[str, dict]]:
    for path, value in walk(ALL):
        if isinstance(value, dict) and {"zh", "en"} & value.keys():
            yield path, value


def bodies() -> Iterator[tuple[str, list]]:
    yield "home.mission", HOME["mission"]
    for slug, copy in COOPERATIVE_COPY.items():
        yield f"cooperatives.{slug}.body", copy["body"]
    for story in STORIES:
        yield f"stories.{story['slug']}.body", story["body"]


def test_every_text_is_in_chinese_and_english():
    found = list(texts())
    assert len(found) > 200
    for path, text in found:
        assert text.get("zh") and text.get("en"), path
        if isinstance(text["zh"], list):  # tags: a list of words in each language
            assert all(text["zh"]) and all(text["en"]), path
            continue
        assert of(text, "zh") and of(text, "en"), path


def test_a_long_text_is_joined_as_a_paragraph_in_each_language():
    text = {"zh": "\n第一行，\n第二行。\n", "en": "\nThe first line,\nthe second.\n"}
    assert of(text, "zh") == "第一行，第二行。"
    assert of(text, "en") == "The first line, the second."


def test_every_product_and_cooperative_of_the_demo_has_its_page_copy():
    assert set(PRODUCT_COPY) == {spec.sku for spec in PRODUCTS}
    assert {spec.category for spec in PRODUCTS} <= set(CRAFTS)
    assert set(COOPERATIVE_COPY) == set(COOPERATIVES)
    assert {story["cooperative"] for story in STORIES} <= set(COOPERATIVE_COPY)


def test_every_quote_and_person_named_is_defined():
    for name, quote in QUOTES.items():
        assert quote["who"] in PEOPLE, name
    for slug, copy in COOPERATIVE_COPY.items():
        assert copy["quotes"] and set(copy["quotes"]) <= set(QUOTES), slug
    for path, blocks in bodies():
        for block in blocks:
            quote = block.get("quote")
            if isinstance(quote, str):
                assert quote in QUOTES, path
            elif quote is not None:
                assert quote["who"] in PEOPLE, path


class NoPictures:
    def get(self, pic, description):
        assert pic.motif in MOTIFS, pic
        return None


def test_every_body_block_is_a_known_kind():
    for path, blocks in bodies():
        for lang in ("zh", "en"):
            kinds = [kind for kind, _ in stream(blocks, lang, NoPictures())]
            assert kinds, path


def test_a_block_of_no_known_kind_is_refused():
    with pytest.raises(ValueError, match="not a story block"):
        stream([{"paragraf": {"zh": "段", "en": "para"}}], "zh", NoPictures())


def test_every_picture_has_a_motif_we_draw_and_a_unique_key():
    pictures = [value for path, value in walk(ALL) if path.endswith(".picture")]
    assert len(pictures) >= 15
    for picture in pictures:
        assert picture["motif"] in MOTIFS, picture
    keys = [picture["key"] for picture in pictures] + [sku.lower() for sku in PRODUCT_COPY]
    assert len(keys) == len(set(keys))


def test_every_story_has_a_kind_a_date_and_a_unique_slug():
    assert len({story["slug"] for story in STORIES}) == len(STORIES)
    for story in STORIES:
        assert story["kind"] in StoryKind.values, story["slug"]
        assert story["date"].year >= 2026, story["slug"]
