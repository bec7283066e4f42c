"""The demo showcase's content, read from ``data/*.toml`` (each file's header gives its schema),
and turned into the fields of the pages that show it.

A text is a ``{"zh": ..., "en": ...}`` table, so the two languages cannot drift apart; ``of``
picks one. A body is a list of blocks, ``{"heading": text}``, ``{"paragraph": text}``,
``{"quote": name or {"who": person, "zh": ..., "en": ...}}`` or ``{"figure": {...}}``.
"""

import html

from marketplace.demo.datafiles import datafile_load
from marketplace.models import Cooperative, Product
from showcase.demo.images import Pic, Pictures
from showcase.models import ProductPageGalleryImage


def load(name: str) -> dict:
    return datafile_load(__file__, name)


_home, _people, _products = load("home"), load("people"), load("products")
HOME, INDEXES = _home["home"], _home["indexes"]
PEOPLE, QUOTES = _people["people"], _people["quotes"]
CRAFTS, PRODUCT_COPY = _products["crafts"], _products["products"]
COOPERATIVE_COPY = load("cooperatives")
STORIES = load("stories")["stories"]
HOME_TEXTS = ("title", "hero_heading", "hero_text", "mission_heading")


def of(text: dict, lang: str) -> str:
    """``text`` in ``lang`` ("zh" or "en"), its lines joined as one paragraph's: with nothing
    between them in Chinese, with a space in English."""
    lines = (line.strip() for line in text[lang].splitlines())
    return ("" if lang == "zh" else " ").join(line for line in lines if line)


def home_fields(lang: str, pictures: Pictures) -> dict:
    return {
        **{name: of(HOME[name], lang) for name in HOME_TEXTS},
        "hero_image": pictures.get(Pic(**HOME["picture"]), of(HOME["hero_heading"], "zh")),
        "mission": stream(HOME["mission"], lang, pictures),
    }


def index_fields(slug: str, lang: str) -> dict:
    return {"title": of(INDEXES[slug]["title"], lang), "intro": of(INDEXES[slug]["intro"], lang)}


def product_fields(product: Product, lang: str, pictures: Pictures) -> dict:
    copy = PRODUCT_COPY[product.sku]
    slug = product.sku.lower()
    craft = CRAFTS[product.category.slug]
    body = [
        {"paragraph": copy["story"]},
        {"heading": craft["heading"]},
        {"paragraph": craft["text"]},
        {"quote": quote_for(product)},
    ]
    gallery = [
        ProductPageGalleryImage(
            image=pictures.get(
                Pic(f"{slug}-{n}", copy["motif"], copy["variant"], 1.2 + 0.15 * n), of(alt, "zh")
            ),
            alt_text=of(alt, lang),
        )
        for n, alt in enumerate(copy["gallery"], start=1)
    ]
    return {
        "title": product.name if lang == "zh" else product.name_en or product.name,
        "product": product,
        "intro": of(copy["intro"], lang),
        "image": pictures.get(Pic(slug, copy["motif"], copy["variant"]), of(copy["alt"], "zh")),
        "image_alt": of(copy["alt"], lang),
        "gallery_images": gallery,
        "body": stream(body, lang, pictures),
        "featured": copy.get("featured", False),
        "tags": copy.get("tags", {}).get(lang, []),
    }


def quote_for(product: Product) -> str:
    """One of the cooperative's quotes, taken in turn across the products."""
    quotes = COOPERATIVE_COPY[product.cooperative.slug]["quotes"]
    return quotes[list(PRODUCT_COPY).index(product.sku) % len(quotes)]


def cooperative_fields(cooperative: Cooperative, lang: str, pictures: Pictures) -> dict:
    copy = COOPERATIVE_COPY[cooperative.slug]
    return {
        "title": cooperative.name if lang == "zh" else cooperative.name_en or cooperative.name,
        "cooperative": cooperative,
        "intro": of(copy["intro"], lang),
        "image": pictures.get(Pic(**copy["picture"]), of(copy["alt"], "zh")),
        "image_alt": of(copy["alt"], lang),
        "location": of(copy["location"], lang),
        "founded": copy["founded"],
        "members": copy["members"],
        "body": stream(copy["body"], lang, pictures),
        "awards": [
            ("award", {"year": award["year"], "title": of(award["title"], lang)})
            for award in copy["awards"]
        ],
    }


def story_fields(
    story: dict, cooperative: Cooperative | None, lang: str, pictures: Pictures
) -> dict:
    return {
        "title": of(story["title"], lang),
        "date": story["date"],
        "kind": story["kind"],
        "cooperative": cooperative,
        "intro": of(story["intro"], lang),
        "image": pictures.get(Pic(**story["picture"]), of(story["alt"], "zh")),
        "image_alt": of(story["alt"], lang),
        "body": stream(story["body"], lang, pictures),
    }


def stream(blocks: list, lang: str, pictures: Pictures) -> list:
    """``blocks`` as StoryBlock (block type, value) pairs in ``lang``."""
    return [stream_block(block, lang, pictures) for block in blocks]


def stream_block(block: dict, lang: str, pictures: Pictures) -> tuple:
    match block:
        case {"heading": text}:
            return ("heading", of(text, lang))
        case {"paragraph": text}:
            return ("paragraph", f"<p>{html.escape(of(text, lang), quote=False)}</p>")
        case {"quote": str(name)}:
            return quote_block(QUOTES[name], lang)
        case {"quote": dict(quote)}:
            return quote_block(quote, lang)
        case {"figure": figure}:
            return (
                "image",
                {
                    "image": pictures.get(Pic(**figure["picture"]), of(figure["alt"], "zh")),
                    "alt_text": of(figure["alt"], lang),
                    "caption": of(figure["caption"], lang),
                },
            )
    raise ValueError(f"not a story block: {block!r}")


def quote_block(quote: dict, lang: str) -> tuple:
    return ("quote", {"text": of(quote, lang), "attribution": of(PEOPLE[quote["who"]], lang)})
