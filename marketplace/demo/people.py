"""The demo's people, read from ``data/people.toml``: the admin, a coordinator per cooperative,
the mothers and a buyer, with the published demo passwords (set only when an account is made)."""

from functools import cache, partial

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from marketplace.demo.datafiles import datafile_load
from marketplace.models import Cooperative, Membership, Role

ADMIN_PASSWORD = "admin-demo-2026"  # noqa: S105 - published demo credentials
COORDINATOR_PASSWORD = "coord-demo-2026"  # noqa: S105
MOTHER_PASSWORD = "mama-demo-2026"  # noqa: S105
BUYER_PASSWORD = "buyer-demo-2026"  # noqa: S105

_people = datafile_load(__file__, "people")
COORDINATORS: list[dict] = _people["coordinators"]
MOTHERS: list[dict] = _people["mothers"]
ADMIN, BUYER = _people["admin"], _people["buyer"]

DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("admin", ADMIN["username"], ADMIN_PASSWORD),
    *[("coordinator", row["username"], COORDINATOR_PASSWORD) for row in COORDINATORS],
    *[("mother", row["username"], MOTHER_PASSWORD) for row in MOTHERS],
    ("buyer", BUYER["username"], BUYER_PASSWORD),
]


def people_ensure(*, cooperatives: dict) -> dict:
    """The admin, a coordinator per cooperative, the mothers and a buyer, by username
    (the admin and the buyer also as "admin" and "buyer")."""
    admin = user_ensure(**ADMIN, password=ADMIN_PASSWORD, is_staff=True, is_superuser=True)
    buyer = user_ensure(**BUYER, password=BUYER_PASSWORD)
    return {
        "admin": admin,
        **coordinators_ensure(cooperatives=cooperatives),
        **mothers_ensure(cooperatives=cooperatives),
        "buyer": buyer,
    }


def coordinators_ensure(*, cooperatives: dict) -> dict:
    users = {}
    for row in COORDINATORS:
        username = row["username"]
        users[username] = user_ensure(
            username=username,
            password=COORDINATOR_PASSWORD,
            first_name=row["first_name"],
            email=f"{username}@example.com",
        )
        membership_ensure(
            user=users[username],
            cooperative=cooperatives[row["cooperative"]],
            role=Role.COORDINATOR,
        )
    return users


def mothers_ensure(*, cooperatives: dict) -> dict:
    """The mothers, each a member of her cooperatives (张丽 of two)."""
    users = {}
    for row in MOTHERS:
        username = row["username"]
        users[username] = user_ensure(
            username=username, password=MOTHER_PASSWORD, first_name=row["first_name"]
        )
        for slug in row["cooperatives"]:
            membership_ensure(
                user=users[username], cooperative=cooperatives[slug], role=Role.MOTHER
            )
    return users


def user_ensure(*, username: str, password: str, **fields):
    """The user called ``username``; the password is set only when she is created."""
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={**fields, "password": partial(_password_hash, password)}
    )
    return user


def membership_ensure(*, user, cooperative: Cooperative, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, cooperative=cooperative, defaults={"role": role}
    )
    return membership


@cache
def _password_hash(password: str) -> str:
    # Hashing costs ~0.7 s; demo users sharing a password share one hash (and its salt)
    # so the seed stays fast. Real accounts never come through here.
    return make_password(password)
