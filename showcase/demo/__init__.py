"""The demo showcase: the Chinese and English page trees and their drawn pictures.

``seed_showcase`` builds Root → 首页 (home) → 巾帼好品 / 合作社 / 妈妈的故事 in zh-hans, one page
per product, cooperative and story, and an English translation of every page made with
``copy_for_translation`` so both trees share translation keys. The texts are data, in
``data/*.toml`` (read by ``content``); the pictures are drawn by ``pictures``. Pages and pictures
are found again by slug (under their parent) and by title, so a second run adds nothing.
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Locale, Page, Site

from marketplace.models import Cooperative, Product
from showcase.demo.content import (
    HOME,
    INDEXES,
    STORIES,
    cooperative_fields,
    home_fields,
    index_fields,
    of,
    product_fields,
    story_fields,
)
from showcase.demo.images import Pictures
from showcase.models import (
    CooperativeIndexPage,
    CooperativePage,
    HomePage,
    ProductIndexPage,
    ProductPage,
    StoryIndexPage,
    StoryPage,
)
from showcase.search import search_refresh

WELCOME_TITLE = "Welcome to your new Wagtail site!"
INDEX_MODELS = {
    "products": ProductIndexPage,
    "cooperatives": CooperativeIndexPage,
    "stories": StoryIndexPage,
}
Fields = Callable[[str], dict]


def seed_showcase(marketplace: dict, stdout=None) -> dict:
    """Create whatever of the demo showcase is missing, in Chinese and English.

    ``marketplace`` is what ``seed_marketplace`` returned. Makes the zh-hans HomePage the root
    of the default Site (removing Wagtail's welcome page), publishes every page, and returns
    ``{"home": HomePage, "pages": [every zh page], "images": int}``.
    """
    zh, en = locale_ensure("zh-hans"), locale_ensure("en")
    pictures = Pictures()
    home = home_ensure(zh=zh, en=en, pictures=pictures)
    site_ensure(home=home)
    pages = [home]
    indexes = {slug: index_ensure(home=home, slug=slug, en=en) for slug in INDEXES}
    pages += indexes.values()
    pages += [
        product_page_ensure(parent=indexes["products"], product=product, en=en, pictures=pictures)
        for product in marketplace["products"].values()
    ]
    pages += [
        cooperative_page_ensure(
            parent=indexes["cooperatives"], cooperative=cooperative, en=en, pictures=pictures
        )
        for cooperative in marketplace["cooperatives"].values()
    ]
    pages += [
        story_page_ensure(
            parent=indexes["stories"],
            story=story,
            cooperatives=marketplace["cooperatives"],
            en=en,
            pictures=pictures,
        )
        for story in STORIES
    ]
    # Pages made before the search columns existed get them too (a new page has them already).
    search_refresh(pages=ProductPage.objects.all())
    if stdout is not None:
        stdout.write(
            f"showcase: {len(pages)} pages in zh-hans and en, {pictures.created} new pictures"
        )
    return {"home": home, "pages": pages, "images": pictures.created}


def locale_ensure(language_code: str) -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    return locale


def root_ensure(*, zh: Locale) -> Page:
    """The tree's root node, created if the database was flushed."""
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=zh))
    return root


def home_ensure(*, zh: Locale, en: Locale, pictures: Pictures) -> HomePage:
    root = root_ensure(zh=zh)
    welcome_remove(root=root)
    return page_ensure(
        parent=root,
        model=HomePage,
        slug="home",
        locale=zh,
        en=en,
        fields=lambda lang: home_fields(lang, pictures),
    )


def welcome_remove(*, root: Page) -> None:
    """Delete Wagtail's initial welcome page: it holds the slug "home" our HomePage needs.

    Its Site goes with it (``Site.root_page`` cascades); ``site_ensure`` makes a new one.
    """
    page_type = ContentType.objects.get_for_model(Page)
    for page in root.get_children().filter(content_type=page_type, title=WELCOME_TITLE):
        page.delete()


def site_ensure(*, home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = of(HOME["title"], "zh")
    site.save()
    return site


def page_ensure(
    *, parent: Page, model: type[Page], slug: str, locale: Locale, en: Locale, fields: Fields
) -> Page:
    """The live page ``slug`` under ``parent`` in ``locale``, and its live English translation.

    Each is created and published only if missing; ``fields(lang)`` gives the content of the
    page in "zh" or "en" and is called only for pages that are created.
    """
    page = model.objects.child_of(parent).filter(slug=slug, locale=locale).first()
    if page is None:
        content = fields("zh")
        tags = content.pop("tags", [])
        page = model(slug=slug, locale=locale, **content)
        if tags:
            page.tags.set(tags)
        parent.add_child(instance=page)
        page.save_revision().publish()
    translation_ensure(page=page, en=en, fields=fields)
    return page


def translation_ensure(*, page: Page, en: Locale, fields: Fields) -> Page:
    """The English copy of ``page`` (same slug, except a home page beside its original)."""
    translation = page.get_translation_or_none(en)
    if translation is not None:
        return translation.specific
    copy = page.copy_for_translation(en, copy_parents=True)
    content = fields("en")
    tags = content.pop("tags", None)
    for name, value in content.items():
        setattr(copy, name, value)
    if tags is not None:
        copy.tags.set(tags)  # in place of the Chinese tags the copy brought along
    copy.save_revision().publish()
    return copy


def index_ensure(*, home: HomePage, slug: str, en: Locale) -> Page:
    return page_ensure(
        parent=home,
        model=INDEX_MODELS[slug],
        slug=slug,
        locale=home.locale,
        en=en,
        fields=lambda lang: index_fields(slug, lang),
    )


def product_page_ensure(*, parent: Page, product: Product, en: Locale, pictures: Pictures) -> Page:
    return page_ensure(
        parent=parent,
        model=ProductPage,
        slug=product.sku.lower(),
        locale=parent.locale,
        en=en,
        fields=lambda lang: product_fields(product, lang, pictures),
    )


def cooperative_page_ensure(
    *, parent: Page, cooperative: Cooperative, en: Locale, pictures: Pictures
) -> Page:
    return page_ensure(
        parent=parent,
        model=CooperativePage,
        slug=cooperative.slug,
        locale=parent.locale,
        en=en,
        fields=lambda lang: cooperative_fields(cooperative, lang, pictures),
    )


def story_page_ensure(
    *, parent: Page, story: dict, cooperatives: dict, en: Locale, pictures: Pictures
) -> Page:
    cooperative = cooperatives.get(story["cooperative"])
    return page_ensure(
        parent=parent,
        model=StoryPage,
        slug=story["slug"],
        locale=parent.locale,
        en=en,
        fields=lambda lang: story_fields(story, cooperative, lang, pictures),
    )
