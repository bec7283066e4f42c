"""Search over the showcase's products, cooperatives and stories."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from wagtail.models import Locale

from marketplace.inputs import search_text
from showcase import selectors

MAX_QUERY_LENGTH = 100


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = search_text(request.GET.get("q", ""), limit=MAX_QUERY_LENGTH)
    # The header's search box shows only this page's query: other pages name their own
    # filters ``query`` too, and those are not a showcase search.
    context = {
        "query": query,
        "site_search_query": query,
        "products": [],
        "stories": [],
        "cooperatives": [],
    }
    if query:
        locale = Locale.get_active()
        context["products"] = list(selectors.product_pages(locale).search(query)[:24])
        context["cooperatives"] = list(selectors.cooperative_pages(locale).search(query)[:6])
        context["stories"] = list(selectors.story_pages(locale).search(query)[:12])
    context["result_count"] = sum(
        len(context[key]) for key in ("products", "cooperatives", "stories")
    )
    return TemplateResponse(request, "showcase/search.html", context)
