"""The coordinator's standard times at /co/timing/: her cooperatives' products with the
minutes a piece takes, and for one product its timed samples, a form to add one and a way to
remove a slip. The standard time is the samples' median (services/timing.py).

Reads go through orders.fairwork.selectors.timing, scoped to her cooperatives, so another
cooperative's product or sample is a 404 whatever its id.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marketplace.coordinator_views import coordinator_required
from marketplace.exceptions import MarketError
from marketplace.models import Product
from orders.fairwork.forms.rates import TimingSampleForm
from orders.fairwork.hours import least_rate, minimum_wage_in_force
from orders.fairwork.selectors.timing import (
    product_for_coordinator,
    sample_of,
    samples_of,
    timed_products_for_coordinator,
)
from orders.fairwork.services.timing import timing_sample_delete, timing_sample_record


def _product_or_404(request: HttpRequest, product_id: int) -> Product:
    product = product_for_coordinator(user=request.user, product_id=product_id)
    if product is None:
        raise Http404
    return product


@require_safe
@coordinator_required
def timing_list(request: HttpRequest) -> HttpResponse:
    products = timed_products_for_coordinator(user=request.user)
    return render(request, "orders/fairwork/timing_list.html", {"products": products})


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def timing_product(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _product_or_404(request, product_id)
    if request.method != "POST":
        return _product_page(request, product, TimingSampleForm())
    form = TimingSampleForm(request.POST)
    if not form.is_valid():
        return _product_page(request, product, form, status=400)
    try:
        timing_sample_record(product=product, actor=request.user, **form.cleaned_data)
    except MarketError as error:
        form.add_error(None, error.message)
        return _product_page(request, product, form, status=409)
    product.refresh_from_db(fields=["standard_minutes"])
    messages.success(request, _standard_time_message(product.standard_minutes))
    return redirect("co_timing_product", product.pk)


@require_POST
@coordinator_required
def timing_sample_remove(request: HttpRequest, product_id: int, sample_id: int) -> HttpResponse:
    product = _product_or_404(request, product_id)
    sample = sample_of(product=product, sample_id=sample_id)
    if sample is None:
        # Removed already (a second tap, another tab): the page as it is now says so.
        messages.info(request, _("That sample was already removed."))
        return redirect("co_timing_product", product.pk)
    minutes = timing_sample_delete(sample=sample)
    messages.success(request, _standard_time_message(minutes))
    return redirect("co_timing_product", product.pk)


def _standard_time_message(minutes) -> str:
    if minutes is None:
        return _("No samples are left: the product is not timed.")
    return _("The standard time is now %(minutes)s minutes a piece.") % {"minutes": minutes}


def _product_page(request, product, form, *, status: int = 200) -> HttpResponse:
    minimum = minimum_wage_in_force(
        region_id=product.cooperative.region_id, day=timezone.localdate()
    )
    context = {
        "product": product,
        "samples": samples_of(product),
        "form": form,
        "minimum": minimum,
        # What the standard time asks of a rate: the least rate per piece that pays the minimum.
        "least_rate": _least_rate(product, minimum),
    }
    return render(request, "orders/fairwork/timing_product.html", context, status=status)


def _least_rate(product, minimum):
    if minimum is None or not product.standard_minutes:
        return None
    return least_rate(minimum=minimum.hourly, minutes_per_piece=product.standard_minutes)
