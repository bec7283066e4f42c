"""Who a signed-in person is to the site, read once: the header's links and the page she lands
on after signing in both come from here, so a link is never offered to someone its page
refuses, nor a start page chosen that the header does not lead back to."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from marketplace.models import Membership, Purchase, Role

# Whoever holds it sees /federation/ (the group "妇联 / Women's federation", migration
# orders 0007); the view checks the same permission.
FEDERATION_PERMISSION = "orders.view_federation"


@dataclass(frozen=True)
class Roles:
    mother: bool = False
    coordinator: bool = False
    federation: bool = False
    editor: bool = False
    buyer: bool = False


def roles_of(user) -> Roles:
    """Her roles, each the test its pages apply: an active membership as mother or as
    coordinator, the federation's permission, Wagtail's staff flag. She is a buyer once she
    has bought while signed in, or when she is nothing else (her purchases page is then her
    home on the site). One query, as the header asks on every page."""
    if not user.is_authenticated:
        return Roles()
    held = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            mother=_membership(Role.MOTHER),
            coordinator=_membership(Role.COORDINATOR),
            permitted=_federation_permission(),
            bought=Exists(Purchase.objects.filter(buyer=OuterRef("pk"))),
        )
        .get()
    )
    mother, coordinator = held["mother"], held["coordinator"]
    federation = user.is_active and (user.is_superuser or held["permitted"])
    editor = user.is_staff
    return Roles(
        mother=mother,
        coordinator=coordinator,
        federation=federation,
        editor=editor,
        buyer=held["bought"] or not (mother or coordinator or federation or editor),
    )


def _membership(role: Role) -> Exists:
    return Exists(Membership.objects.filter(user_id=OuterRef("pk"), role=role, is_active=True))


def _federation_permission() -> Exists:
    """``user.has_perm(FEDERATION_PERMISSION)`` without its two queries, for a person who is
    neither superuser nor inactive: Django's ModelBackend grants it through her own
    permissions or her groups' (tests/config/test_roles.py holds the two to agreeing)."""
    app_label, codename = FEDERATION_PERMISSION.split(".")
    granted = Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk"))
    return Exists(
        Permission.objects.filter(granted, content_type__app_label=app_label, codename=codename)
    )


def start_page(user, *, came_from: str = "") -> str:
    """Where she lands after signing in when no page asked for her (no ``next``), in the
    active language (the sign-in page's: /en/… signs in to /en/…). The busiest role first:
    a coordinator's workspace, a mother's open work, the federation's overview; a site editor
    goes to the CMS (the superuser holds every permission, the federation's too, but edits
    pages). Anyone else is a buyer: back to the page she signed in from (``came_from``,
    already checked to be this site's), else to her purchases."""
    roles = roles_of(user)
    if roles.coordinator:
        return reverse("co_home")
    if roles.mother:
        return reverse("work_open")
    if roles.editor:
        return reverse("wagtailadmin_home")
    if roles.federation:
        return reverse("federation")
    return came_from or reverse("my_purchases")
