"""Search over the showcase's products, cooperatives and stories."""

import unicodedata

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from wagtail.models import Locale

from showcase import selectors

MAX_QUERY_LENGTH = 100


def clean_query(raw: str) -> str:
    """The search words: control characters dropped, whitespace collapsed, length capped."""
    printable = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    context = {"query": query, "products": [], "stories": [], "cooperatives": []}
    if query:
        locale = Locale.get_active()
        context["products"] = list(selectors.product_pages(locale).search(query)[:24])
        context["cooperatives"] = list(selectors.cooperative_pages(locale).search(query)[:6])
        context["stories"] = list(selectors.story_pages(locale).search(query)[:12])
    context["result_count"] = sum(
        len(context[key]) for key in ("products", "cooperatives", "stories")
    )
    return TemplateResponse(request, "showcase/search.html", context)
