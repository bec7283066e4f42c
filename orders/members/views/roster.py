"""The coordinator's roster at /co/members/: her cooperatives' mothers, registering and
editing one, (de)activating her, and printing her login card; and the card's sign-in
address, /accounts/card/.

Every read goes through orders.members.selectors, scoped by the coordinator's cooperatives,
so another cooperative's membership, or a coordinator's, is a 404 whatever its id; every
write goes through orders.members.services.members.
"""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

import segno
from sesame import settings as sesame_settings
from sesame.views import LoginView

from marketplace.coordinator_views import coordinator_required
from marketplace.listing import list_choice, list_search, list_tools
from marketplace.models import Membership
from marketplace.selectors import coordinator_cooperatives
from orders.members.forms import MotherRegisterForm, MotherUpdateForm
from orders.members.selectors import (
    account_is_cooperatives_alone,
    invitation_for_coordinator,
    invitations_for_coordinator,
    login_card_allowed,
    mother_for_coordinator,
    mothers_for_coordinator,
)
from orders.members.services.invitations import InvitationError, invitation_withdraw
from orders.members.services.members import (
    LOGIN_CARD_SCOPE,
    MemberError,
    Registered,
    Registration,
    login_card_check,
    login_card_issue,
    mother_deactivate,
    mother_reactivate,
    mother_register,
    mother_update,
)
from orders.models import InvitationStatus, MembershipInvitation
from orders.money.forms import HolderConfirmForm
from orders.money.services.payout_profiles import payout_profile_of

# The roster's states: every mother (her history outlives her membership), or either kind.
MOTHER_STATES = {"all": (True, False), "active": (True,), "inactive": (False,)}
MOTHER_STATE_LABELS = {
    "all": gettext_lazy("All"),
    "active": pgettext_lazy("mothers", "Active"),
    "inactive": pgettext_lazy("mothers", "Inactive"),
}
# A token is 30-odd characters; anything far longer is not one.
TOKEN_MAX = 200


def _mother_or_404(request: HttpRequest, membership_id: int) -> Membership:
    membership = mother_for_coordinator(user=request.user, membership_id=membership_id)
    if membership is None:
        raise Http404
    return membership


# The roster ----------------------------------------------------------------------------


@require_safe
@coordinator_required
def member_list(request: HttpRequest) -> HttpResponse:
    cooperatives = list(coordinator_cooperatives(request.user))
    chosen = _chosen(request, cooperatives)
    state = list_choice(request, name="state", choices=MOTHER_STATES, default="all")
    query = list_search(request)
    chosen_id = chosen.pk if chosen else None
    found = mothers_for_coordinator(user=request.user, cooperative_id=chosen_id, query=query)
    mothers = found.filter(is_active__in=MOTHER_STATES[state])
    # Searching finds mothers by name or phone; an invitation has neither to show.
    invitations = (
        [] if query else invitations_for_coordinator(user=request.user, cooperative_id=chosen_id)
    )
    tools = list_tools(
        name="state",
        labels=MOTHER_STATE_LABELS,
        counts=_state_counts(found),
        current=state,
        query=query,
        keep={"cooperative": str(chosen_id or "")},
    )
    context = {
        "mothers": mothers,
        "state": state,
        "invitations": invitations,
        "pending": InvitationStatus.PENDING,
        "cooperatives": cooperatives,
        "several": len(cooperatives) > 1,
        "chosen": chosen,
    }
    return render(request, "orders/coordinator/members/list.html", context | tools)


def _state_counts(mothers) -> dict[str, int]:
    """How many of ``mothers`` are active, have left, and both, from one grouped query."""
    per_flag = dict(mothers.order_by().values_list("is_active").annotate(count=Count("pk")))
    return {
        state: sum(per_flag.get(flag, 0) for flag in flags)
        for state, flags in MOTHER_STATES.items()
    }


def _chosen(request: HttpRequest, cooperatives: list):
    """The cooperative picked with ``?cooperative=<id>`` among hers, or None for all."""
    wanted = request.GET.get("cooperative", "")
    return next((coop for coop in cooperatives if str(coop.pk) == wanted), None)


# Register and edit ---------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def member_new(request: HttpRequest) -> HttpResponse:
    cooperatives = coordinator_cooperatives(request.user)
    form = MotherRegisterForm(
        request.POST or None,
        cooperatives=cooperatives,
        initial={"cooperative": request.GET.get("cooperative")},
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = mother_register(
                cooperative=data["cooperative"],
                phone=data["phone"],
                name=data["name"],
                skills=data["skills"],
                password=data["password"] or None,
                actor=request.user,
            )
        except (MemberError, InvitationError) as error:
            form.add_error("phone", error.message)
        else:
            messages.success(request, _registered_message(registration))
            return _registered_redirect(registration)
    status = 400 if form.is_bound else 200
    return render(request, "orders/coordinator/members/new.html", {"form": form}, status=status)


def _registered_message(registration: Registration) -> str:
    if registration.outcome == Registered.INVITED:
        return _invited_message(registration.invitation)
    membership = registration.membership
    names = {
        "name": membership.person_name,
        "phone": membership.user.username,
        "cooperative": membership.cooperative.display_name,
    }
    if registration.outcome == Registered.REACTIVATED:
        text = _("%(name)s (%(phone)s) was inactive here and is a mother of %(cooperative)s again.")
    else:
        text = _("%(name)s (%(phone)s) is now a mother of %(cooperative)s.")
    return text % names


def _invited_message(invitation: MembershipInvitation) -> str:
    """Her number masked and no name: until she accepts, her account is not the
    cooperative's, and whose it is is hers to tell."""
    return _(
        "Invited %(phone)s, waiting for her to accept. This number already has an account, so "
        "she becomes a mother of %(cooperative)s once she accepts the invitation from her own "
        "account. Until then you see neither her name nor her work."
    ) % {"phone": invitation.phone_masked, "cooperative": invitation.cooperative.display_name}


def _registered_redirect(registration: Registration) -> HttpResponse:
    if registration.membership is None:
        cooperative_id = registration.invitation.cooperative_id
        return redirect(reverse("co_members") + f"?cooperative={cooperative_id}#invitations")
    return redirect("co_member", membership_id=registration.membership.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def member_edit(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _mother_or_404(request, membership_id)
    user = membership.user
    locked = not account_is_cooperatives_alone(membership=membership)
    form = MotherUpdateForm(
        request.POST or None,
        username=user.username,
        account_locked=locked,
        initial={
            "name": user.first_name,
            "skills": [held.skill_id for held in membership.skills.all()],
        },
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            mother_update(
                membership=membership,
                name=data.get("name"),
                skills=data["skills"],
                password=data.get("password") or None,
                actor=request.user,
            )
        except MemberError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("co_member", membership_id=membership.pk)
    context = {
        "membership": membership,
        "form": form,
        "locked": locked,
        # Her payouts may go to someone else's account: said here too.
        "profile": payout_profile_of(membership),
        "holder_form": HolderConfirmForm(),
    }
    return render(
        request,
        "orders/coordinator/members/edit.html",
        context,
        status=400 if form.is_bound else 200,
    )


# Active or not -------------------------------------------------------------------------


@require_POST
@coordinator_required
def member_deactivate(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _mother_or_404(request, membership_id)
    mother_deactivate(membership=membership)
    messages.success(
        request,
        _("%(name)s is inactive: she no longer sees or claims this cooperative's work.")
        % {"name": membership.person_name},
    )
    return redirect("co_member", membership_id=membership.pk)


@require_POST
@coordinator_required
def member_reactivate(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _mother_or_404(request, membership_id)
    mother_reactivate(membership=membership)
    messages.success(request, _("%(name)s is active again.") % {"name": membership.person_name})
    return redirect("co_member", membership_id=membership.pk)


# Invitations ---------------------------------------------------------------------------


@require_POST
@coordinator_required
def invitation_withdraw_view(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Take back an invitation she has not answered (a mistyped number, say)."""
    invitation = invitation_for_coordinator(user=request.user, invitation_id=invitation_id)
    if invitation is None:
        raise Http404
    try:
        invitation_withdraw(invitation=invitation)
    except InvitationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The invitation to %(phone)s is withdrawn.") % {"phone": invitation.phone_masked},
        )
    return redirect(reverse("co_members") + f"?cooperative={invitation.cooperative_id}")


# The login card ------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@coordinator_required
def member_card(request: HttpRequest, membership_id: int) -> HttpResponse:
    """GET says what a card does and offers to print one; POST issues a new one-time token
    and shows the card to print. The token is only ever in a POST's answer, never cached."""
    membership = _mother_or_404(request, membership_id)
    template = "orders/coordinator/members/card.html"
    context = {"membership": membership, "card_days": _card_days()}
    if request.method != "POST":
        return render(request, template, context | {"refusal": _card_refusal(membership)})
    try:
        card = login_card_issue(membership=membership)
    except MemberError as error:
        return render(request, template, context | {"refusal": error.message}, status=403)
    url = request.build_absolute_uri(_card_path() + card.query_string)
    return render(request, template, context | {"card": card, "card_url": url, "qr": _qr_svg(url)})


def _card_refusal(membership: Membership) -> str:
    """Why no card can be printed for her, or ""."""
    try:
        login_card_check(membership=membership)
    except MemberError as error:
        return error.message
    return ""


def _card_days() -> int:
    return math.ceil(sesame_settings.MAX_AGE / (24 * 60 * 60))


def _card_path() -> str:
    # Printed once, read in Chinese: the card always opens the site in its first language.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("login_card")


def _qr_svg(url: str) -> SafeString:
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(
        scale=1,
        dark="#000",
        omitsize=True,
        svgclass="login-card__qr",
        title=_("QR code: sign in"),
    )
    # segno draws the URL as modules (no text of it) and escapes the title.
    return mark_safe(svg)  # noqa: S308


@method_decorator(never_cache, name="dispatch")
class CardLoginView(LoginView):
    """``/accounts/card/?sesame=<token>``: a login card's QR code signs the mother in, once,
    and opens her work. A used, expired or altered link, or an account no card may sign in,
    gets a page saying what to do instead (403)."""

    scope = LOGIN_CARD_SCOPE
    next_page = "work_open"
    # HEAD would spend the one-time token as a GET does, e.g. for a link previewer.
    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        token = request.GET.get(sesame_settings.TOKEN_NAME, "")
        user = None
        if 0 < len(token) <= TOKEN_MAX:
            user = authenticate(request, sesame=token, scope=self.scope)
        if user is None or not login_card_allowed(user):
            return self.login_failed()
        login(request, user)  # updates her last sign-in, which voids the token
        return self.login_success()

    def login_failed(self) -> HttpResponse:
        return render(self.request, "registration/card_invalid.html", status=403)
