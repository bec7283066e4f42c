"""What the header needs on every page: who she is to the site, and whether the page is one
of a mother's (where the header stays out of her way)."""

from django.utils.functional import SimpleLazyObject

from config.roles import roles_of

# Every page of a mother's (/work/…) is named so (orders.urls).
MOTHERS_PAGES = "work_"


def header(request):
    """``roles``: config.roles.Roles of the signed-in person, read only where a template
    shows it (one query, two when she might be a buyer); ``mothers_page``: this page is a
    mother's."""
    match = getattr(request, "resolver_match", None)
    url_name = (match and match.url_name) or ""
    return {
        "roles": SimpleLazyObject(lambda: roles_of(request.user)),
        "mothers_page": url_name.startswith(MOTHERS_PAGES),
    }
