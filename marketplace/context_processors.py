from marketplace.services.cart import Cart


def cart(request):
    """``cart_count``: evaluated only where a template shows it (reads the session)."""
    return {"cart_count": lambda: len(Cart(request.session))}


def member_roles(request):
    """``member_roles``: the roles the signed-in user holds (one query, only where used)."""

    def roles() -> set[str]:
        if not request.user.is_authenticated:
            return set()
        return set(request.user.memberships.filter(is_active=True).values_list("role", flat=True))

    return {"member_roles": roles}
