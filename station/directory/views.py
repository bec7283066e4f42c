"""The directory's pages (served by DirectoryPage's routes): the searchable list, one
employer, the print view and the PDF of the list; and the page where an employer's own staff
keep their positions current (/station/positions/), which reaches no other employer's."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from station.directory.forms import PositionFilterForm, PositionKeepForm
from station.directory.pdf import PdfUnavailable, directory_pdf
from station.directory.selectors import (
    by_employer,
    directory_version,
    employer_listed,
    positions_kept_by,
    positions_listed,
)
from station.directory.services import position_keep

# How long a drawn PDF is kept; an employer's own details (name, address) changing is seen
# after at most this long, a position changing at once (see _pdf_key).
PDF_SECONDS = 15 * 60


def _search(request: HttpRequest) -> tuple[PositionFilterForm, list]:
    form = PositionFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    return form, by_employer(positions_listed(filters))


def listing(request: HttpRequest, page) -> HttpResponse:
    form, listings = _search(request)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "listings": listings,
        "count": sum(len(listing.positions) for listing in listings),
        "query": f"?{query}" if query else "",
    }
    return page.render(request, context_overrides=context)


def printable(request: HttpRequest, page) -> HttpResponse:
    form, listings = _search(request)
    context = {"form": form, "listings": listings, "summary": _summary(form)}
    return page.render(request, template="station/directory/print.html", context_overrides=context)


def pdf(request: HttpRequest, page) -> HttpResponse:
    form, listings = _search(request)
    key = _pdf_key(page, form)
    try:
        content = cache.get(key)
        if content is None:
            content = directory_pdf(title=page.title, listings=listings, filters=_summary(form))
            cache.set(key, content, PDF_SECONDS)
    except PdfUnavailable:
        context = {"page_url": page.url + page.reverse_subpage("printable")}
        return render(request, "station/directory/pdf_unavailable.html", context, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="mamagang-directory.pdf"'
    return response


def _pdf_key(page, form: PositionFilterForm) -> str:
    """Drawing the PDF takes seconds (the CJK font is read and subset each time), so a drawn
    list is kept in the shared cache for its language, filters and the directory's state: a
    changed, added or removed position makes a new key at once."""
    filters = form.filters() if form.is_bound else {}
    spelled = sorted((name, str(getattr(value, "pk", value))) for name, value in filters.items())
    digest = hashlib.sha256(repr(spelled).encode()).hexdigest()[:24]
    return f"directory-pdf:{page.pk}:{get_language()}:{directory_version()}:{digest}"


def employer(request: HttpRequest, page, slug: str) -> HttpResponse:
    found = employer_listed(slug)
    if found is None:
        raise Http404
    positions = positions_listed().filter(employer=found)
    context = {"employer": found, "positions": positions}
    return page.render(
        request, template="station/directory/employer_page.html", context_overrides=context
    )


def _summary(form: PositionFilterForm) -> str:
    """The filters a printed list was made with, in words."""
    if not form.is_bound:
        return _("All positions")
    parts = []
    for name, value in form.filters().items():
        field = form.fields[name]
        shown = dict(field.choices).get(value, value) if name == "flexibility" else value
        if isinstance(value, bool):
            shown = _("yes")
        elif hasattr(value, "strftime"):
            shown = f"{value:%H:%M}"
        elif hasattr(value, "display_name"):
            shown = value.display_name
        parts.append(f"{field.label}: {shown}")
    return " · ".join(parts) or _("All positions")


# The employer's own staff ------------------------------------------------------------------


@login_required
@require_safe
def positions_kept(request: HttpRequest) -> HttpResponse:
    positions = positions_kept_by(request.user)
    return render(request, "station/directory/positions_kept.html", {"positions": positions})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def position_edit(request: HttpRequest, position_id: int) -> HttpResponse:
    position = get_object_or_404(positions_kept_by(request.user), pk=position_id)
    form = PositionKeepForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        try:
            position_keep(position=position, changes=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The position is up to date."))
            return redirect("station_positions_kept")
    context = {"position": position, "form": form}
    return render(request, "station/directory/position_edit.html", context)
