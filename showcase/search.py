"""Product search: what words a product page is found by, and how a query is matched and ranked.

Neither database's full-text engine splits Chinese into words: SQLite's FTS5 (unicode61) and
PostgreSQL's "simple" configuration both index 红色中国结挂饰 as one token, so 中国结 finds
nothing there; nor do they find "knots" for "knot". So the showcase matches substrings, the same
way on both databases: every word of the query must occur in the page's title, in one of the
names it is shown with (its product's category and cooperative, in both languages, and its
tags) or in its text (introduction and story). Substring matching reads every product page of
the language: at a showcase's scale (hundreds to a few thousand pages) that takes milliseconds.

Those words are copied onto the page, folded (NFKC, case-folded) so that full-width letters,
capitals and the query's spelling meet, into three columns: ``search_title``, ``search_names``
and ``search_text``. ``ProductPage.save`` fills them (publishing saves the page); the receivers
in ``showcase.signals`` refill them when a name they copy changes; ``search_refresh`` refills
every page (the demo's seed runs it).

Ranking: the pages whose title holds the most query words first, then those whose names hold
the most, then their text; ties keep the listing's order (featured first, then the tree's).
"""

import unicodedata

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from wagtail.models import Locale

from showcase import selectors

# More words than this add nothing a buyer meant, only a longer query.
MAX_TERMS = 8
COLUMNS = ("search_title", "search_names", "search_text")
# Names are kept apart by a line break: no query word holds one, so no match spans two names.
SEPARATOR = "\n"


def fold(text: str) -> str:
    """``text`` as it is stored and looked for: full-width forms made plain, case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def query_terms(query: str) -> list[str]:
    """The distinct words of ``query`` worth looking for, folded, at most ``MAX_TERMS``.

    A word with no letter or digit in it (only punctuation, ``"``, ``*``, ``(``) finds nothing a
    buyer meant, so it is dropped.
    """
    terms: list[str] = []
    for word in fold(query).split():
        if word not in terms and any(unicodedata.category(ch)[0] in "LN" for ch in word):
            terms.append(word)
    return terms[:MAX_TERMS]


def product_document(page) -> dict[str, str]:
    """The folded search columns of a ProductPage, from the page and the names it shows."""
    product = page.product
    names = [
        product.category.name,
        product.category.name_en,
        product.cooperative.name,
        product.cooperative.name_en,
        *(tag.name for tag in page.tags.all()),
    ]
    body = page.body.stream_block.get_searchable_content(page.body)
    return {
        "search_title": fold(page.title),
        "search_names": fold(SEPARATOR.join(name for name in names if name)),
        "search_text": fold(SEPARATOR.join([page.intro, *body])),
    }


def _hits(column: str, terms: list[str]):
    """How many of ``terms`` occur in ``column``, as an SQL expression."""
    counts = [
        Case(
            When(**{f"{column}__contains": term}, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for term in terms
    ]
    total = counts[0]
    for count in counts[1:]:
        total = total + count
    return total


def product_pages_matching(*, locale: Locale, query: str) -> QuerySet:
    """The live product pages in ``locale`` that hold every word of ``query``, best first."""
    terms = query_terms(query)
    pages = selectors.product_pages(locale)
    if not terms:
        return pages.none()
    for term in terms:
        pages = pages.filter(
            Q(search_title__contains=term)
            | Q(search_names__contains=term)
            | Q(search_text__contains=term)
        )
    hits = {f"{column}_hits": _hits(column, terms) for column in COLUMNS}
    return pages.annotate(**hits).order_by(
        "-search_title_hits", "-search_names_hits", "-search_text_hits", "-featured", "path"
    )


def search_refresh(*, pages: QuerySet) -> int:
    """Recompute the search columns of ``pages`` (a ProductPage queryset) and store them.

    Writes those columns only (``bulk_update``): the pages' other fields, their revisions and
    their publishing dates stay as they are. Returns how many pages it refreshed.
    """
    pages = list(
        pages.select_related(
            "product", "product__category", "product__cooperative"
        ).prefetch_related("tags")
    )
    for page in pages:
        for column, value in product_document(page).items():
            setattr(page, column, value)
    if pages:
        type(pages[0]).objects.bulk_update(pages, COLUMNS, batch_size=200)
    return len(pages)
