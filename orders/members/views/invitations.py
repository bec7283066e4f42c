"""A woman's answer to a cooperative's invitation, at /work/invitations/<id>/ (the open
work page shows the same card with its buttons).

Only the invited account reaches an invitation, and only while it waits for her answer:
anyone else's, or one answered or withdrawn, is a 404 whatever its id. Every POST lets the
invitation services judge it again, so a page left open while the coordinator withdrew it
is answered with what holds now.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from orders.members.forms import InvitationAcceptForm
from orders.members.selectors import invitation_for_mother
from orders.members.services.invitations import (
    InvitationError,
    invitation_accept,
    invitation_decline,
)
from orders.models import MembershipInvitation

ACCEPT, DECLINE = "accept", "decline"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def work_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = invitation_for_mother(user=request.user, invitation_id=invitation_id)
    if invitation is None:
        raise Http404
    answer = request.POST.get("answer")
    if request.method == "POST" and answer == DECLINE:
        return _decline(request, invitation)
    form = InvitationAcceptForm(request.user, request.POST if answer == ACCEPT else None)
    if form.is_valid():
        try:
            return _accept(request, invitation, form.password)
        except InvitationError as error:
            form.add_error(None, error.message)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "orders/mother/invitation.html",
        {"invitation": invitation, "form": form},
        status=status,
    )


def _accept(request: HttpRequest, invitation: MembershipInvitation, password) -> HttpResponse:
    membership = invitation_accept(invitation=invitation, password=password)
    if password:
        # Her new password would sign her out of this session; keep her signed in.
        update_session_auth_hash(request, membership.user)
    messages.success(
        request,
        _("You are a mother of %(cooperative)s now: its work for you shows here.")
        % {"cooperative": invitation.cooperative.display_name},
    )
    return redirect("work_open")


def _decline(request: HttpRequest, invitation: MembershipInvitation) -> HttpResponse:
    try:
        invitation_decline(invitation=invitation)
    except InvitationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You declined the invitation of %(cooperative)s.")
            % {"cooperative": invitation.cooperative.display_name},
        )
    return redirect("work_open")
