"""The buyer's side: cart, checkout, payment and the purchase page."""

import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from marketplace import stripe_gateway as gateway
from marketplace.exceptions import MarketError
from marketplace.forms import CheckoutForm, PaymentForm, QuantityForm
from marketplace.models import Product, Purchase
from marketplace.selectors import (
    buyer_last_contact,
    purchase_for_buyer,
    purchase_for_checkout_key,
    purchase_overview,
    purchases_of,
    stock_held_until,
)
from marketplace.services import payments
from marketplace.services.accounts import buyer_create
from marketplace.services.cart import Cart
from marketplace.services.purchases import Contact, purchase_create

logger = logging.getLogger(__name__)


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else fallback


def _product(product_id) -> Product:
    """A product a buyer may put in her cart: it exists and is on sale."""
    try:
        return Product.objects.get(pk=int(product_id), is_active=True)
    except (TypeError, ValueError, OverflowError, Product.DoesNotExist) as error:
        raise Http404 from error


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    product = _product(request.POST.get("product"))
    form = QuantityForm(request.POST)
    back = _back(request, reverse("cart"))
    if not form.is_valid():
        messages.error(request, form.errors["quantity"][0])
        return redirect(back)
    try:
        Cart(request.session).add(product=product, quantity=form.cleaned_data["quantity"])
    except MarketError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, _("%(name)s is in your cart.") % {"name": product.display_name})
    return redirect(reverse("cart"))


@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    cart = Cart(request.session)
    product_id = request.POST.get("product", "")
    if request.POST.get("remove"):
        cart.remove(product_id=product_id)
        return redirect("cart")
    product = _product(product_id)
    form = QuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["quantity"][0])
        return redirect("cart")
    try:
        cart.set(product=product, quantity=form.cleaned_data["quantity"])
    except MarketError as error:
        messages.error(request, error.message)
    return redirect("cart")


@require_safe
def cart_view(request: HttpRequest) -> HttpResponse:
    cart = Cart(request.session)
    lines = cart.lines()
    return render(
        request,
        "marketplace/cart.html",
        {
            "lines": lines,
            "total": cart.total(lines),
            "has_problem": any(line.problem for line in lines),
        },
    )


def checkout(request: HttpRequest) -> HttpResponse:
    """The contact form, and one purchase per submission of it (its one-time key).

    A form sent again lands on the purchase it made. That is asked before the cart is judged
    (it was emptied by the purchase) and again after the form is (a double press may see the
    other press's new account): the session was read first, so an emptied cart always means
    the purchase is there to be found."""
    cart = Cart(request.session)
    if request.method == "POST" and (placed := _placed_before(request)):
        return placed
    lines = cart.lines()
    if not lines:
        messages.info(request, _("Your cart is empty."))
        return redirect("cart")
    form = CheckoutForm(
        request.POST or None,
        initial=_checkout_initial(request.user),
        user=request.user,
        checkout_key=cart.checkout_key(),
    )
    if request.method == "POST":
        if form.is_valid():
            return _checkout_place(request, cart, form, lines)
        if placed := _placed_before(request):
            return placed
    return render(
        request,
        "marketplace/checkout.html",
        {
            "form": form,
            "lines": lines,
            "total": cart.total(lines),
            "reservation_minutes": settings.STOCK_RESERVATION_MINUTES,
        },
    )


def _checkout_initial(user) -> dict[str, str]:
    """A signed-in buyer finds her last address filled in, and her account's email."""
    if not user.is_authenticated:
        return {}
    initial = buyer_last_contact(user=user)
    if user.email:
        initial["email"] = user.email
    return initial


def _checkout_place(request: HttpRequest, cart: Cart, form: CheckoutForm, lines) -> HttpResponse:
    buyer = request.user
    try:
        with transaction.atomic():
            if form.cleaned_data.get("create_account"):
                buyer = buyer_create(
                    email=form.cleaned_data["email"], password=form.cleaned_data["password"]
                )
            purchase = purchase_create(
                cart_lines=lines,
                contact=Contact(**form.contact()),
                buyer=buyer,
                checkout_key=form.cleaned_data["checkout_key"],
            )
    except MarketError as error:
        # The same form sent twice at once: the other submission made the purchase.
        if placed := _placed_before(request):
            return placed
        # A stale cart (price, stock) changes nothing: show the cart as it is now.
        messages.error(request, error.message)
        cart.accept_prices()
        return redirect("cart")
    if buyer != request.user:
        login(request, buyer, backend="django.contrib.auth.backends.ModelBackend")
        cart.session = request.session  # login() rotated the session
    cart.clear()
    request.session.setdefault("purchases", []).append(purchase.token)
    request.session.modified = True
    return redirect("purchase", token=purchase.token)


def _placed_before(request: HttpRequest) -> HttpResponse | None:
    """A checkout form sent again (a double press, the back button, a second tab) lands on
    the purchase it made. The session is left as it is: this request's copy of it is stale
    and, saved, would bring the emptied cart back."""
    purchase = purchase_for_checkout_key(key=request.POST.get("checkout_key", ""))
    if purchase is None:
        return None
    messages.info(request, _("This purchase was already placed; nothing was ordered twice."))
    return redirect("purchase", token=purchase.token)


def _purchase(request: HttpRequest, token: str) -> Purchase:
    purchase = purchase_for_buyer(token=token)
    if purchase is None:
        raise Http404
    return purchase


def uses_stripe_js(view):
    """The page loads Stripe.js: its Content-Security-Policy is the site's plus the sources
    Stripe.js needs, which follow the settings at each request."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        policy = dict(settings.SECURE_CSP)
        for directive, sources in gateway.browser_sources().items():
            policy[directive] = [*policy.get(directive, policy["default-src"]), *sources]
        return csp_override(policy)(view)(request, *args, **kwargs)

    return wrapped


@require_safe
@uses_stripe_js
def purchase_detail(request: HttpRequest, token: str) -> HttpResponse:
    """Reachable by its unguessable link; a server-side retrieve settles a pending payment."""
    purchase = _purchase(request, token)
    if payments.payment_sync_due(purchase):
        try:
            intent = payments.payment_sync(purchase=purchase)
        except gateway.GatewayError:
            intent = None  # the webhook will settle it; the page says "awaiting payment"
        if intent and intent.status == "requires_payment_method" and intent.error_code:
            messages.error(request, payments.decline_message(intent.error_code))
        purchase = _purchase(request, token)
    return render(
        request,
        "marketplace/purchase.html",
        {
            "purchase": purchase,
            "overview": purchase_overview(purchase),
            "stripe_js_url": settings.STRIPE_JS_URL,
            "stripe_key": settings.STRIPE_PUBLISHABLE_KEY,
        },
    )


@require_POST
def purchase_pay(request: HttpRequest, token: str) -> JsonResponse:
    """The browser tokenised the card; create and confirm the intent with it."""
    purchase = _purchase(request, token)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"status": "error", "message": _("Enter your card details.")}, status=400
        )
    try:
        intent = payments.purchase_pay(
            purchase=purchase, card_token=form.cleaned_data["card_token"]
        )
    except MarketError as error:
        # A declined card gave the held pieces back: the page must stop promising them.
        held = stock_held_until(_purchase(request, token)) is not None
        return JsonResponse(
            {"status": "error", "message": error.message, "stock_held": held}, status=402
        )
    if intent.status == "requires_action":
        return JsonResponse({"status": "requires_action", "client_secret": intent.client_secret})
    return JsonResponse({"status": intent.status, "redirect": reverse("purchase", args=[token])})


@require_safe
def my_purchases(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    overviews = [purchase_overview(purchase) for purchase in purchases_of(request.user)]
    return render(request, "marketplace/my_purchases.html", {"overviews": overviews})


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verify, record once, dispatch. Bad or missing signature, or a signed payload that is
    not a readable event: 400 and nothing changes."""
    try:
        event = gateway.webhook_event(request.body, request.headers.get("Stripe-Signature", ""))
    except gateway.MalformedEvent as error:
        return _webhook_refused(error)
    except ValueError:
        return HttpResponse(status=400)
    try:
        fresh = payments.stripe_event_handle(event)
    except gateway.MalformedEvent as error:
        return _webhook_refused(error)
    return JsonResponse({"received": True, "replay": not fresh})


def _webhook_refused(error: Exception) -> HttpResponse:
    # Signed with our secret, yet not what Stripe sends: a leaked secret or a bug.
    logger.warning("signed Stripe webhook refused: %s", error)
    return HttpResponse(status=400)
