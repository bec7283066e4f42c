"""Search over the showcase's products, cooperatives and stories."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from wagtail.models import Locale

from marketplace.inputs import search_text
from showcase import search as product_search
from showcase import selectors

MAX_QUERY_LENGTH = 100
RESULT_KINDS = ("products", "cooperatives", "stories")


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = search_text(request.GET.get("q", ""), limit=MAX_QUERY_LENGTH)
    locale = Locale.get_active()
    results = (
        _results(query, locale) if query else {"products": [], "cooperatives": [], "stories": []}
    )
    # The header's search box shows only this page's query: other pages name their own
    # filters ``query`` too, and those are not a showcase search.
    context = {
        "query": query,
        "site_search_query": query,
        **results,
        "result_count": sum(len(found) for found in results.values()),
    }
    if query and not context["result_count"]:
        # Nothing found: offer the kinds of product instead of a dead end.
        context["categories"] = selectors.categories()
        context["products_index"] = selectors.product_index_page(locale)
    return TemplateResponse(request, "showcase/search.html", context)


def _results(query: str, locale: Locale) -> dict[str, list]:
    return {
        "products": list(product_search.product_pages_matching(locale=locale, query=query)[:24]),
        "cooperatives": list(
            selectors.cooperative_pages(locale, for_search=True).search(query)[:6]
        ),
        "stories": list(selectors.story_pages(locale, for_search=True).search(query)[:12]),
    }
