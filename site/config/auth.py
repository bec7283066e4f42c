"""Hooks of the sign-in machinery that belong to no app."""

import re
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from axes.conf import settings as axes_settings
from sesame import settings as sesame_settings

# A mainland mobile number as people write it: grouped by spaces or hyphens, maybe with +86
# or 0086 in front. Mothers' usernames are the bare 11 digits.
_MOBILE = re.compile(r"(?:\+86|0086)?(1\d{10})")
_GROUPING = re.compile(r"[\s\-]+")


def sign_in_username(raw: str) -> str:
    """The username a typed sign-in name means: a mobile number however it is written
    ("138 0000 0001", "138-0000-0001", "+86 138 0000 0001") becomes its 11 digits; any
    other name (a coordinator's, the buyer's) is only trimmed. Full-width digits, as a
    Chinese keyboard may type them, count as the digits they are (NFKC, as Django's
    username field reads them)."""
    trimmed = unicodedata.normalize("NFKC", raw).strip()
    match = _MOBILE.fullmatch(_GROUPING.sub("", trimmed))
    return match.group(1) if match else trimmed


def is_login_card_attempt(request: HttpRequest, credentials: dict | None) -> bool:
    """django-axes neither counts nor locks sign-ins by a login card's link (see
    ``AXES_WHITELIST_CALLABLE``); passwords stay throttled."""
    return sesame_settings.TOKEN_NAME in (credentials or {})


def axes_username(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The username django-axes counts a failure under (``AXES_USERNAME_CALLABLE``): read
    where axes itself reads it, written as the sign-in form reads it (so "138 0000 0001"
    and "13800000001" are one person's attempts), cut to the longest username an account
    can have. axes keeps it in a 255-character column, so a crafted 100,000-character
    sign-in would fail to save (a 500 on PostgreSQL) instead of being the plain wrong
    sign-in it is."""
    field = axes_settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", getattr(request, "POST", {})).get(field)
    if not isinstance(username, str):
        return username
    user_model = get_user_model()
    username = sign_in_username(username)
    return username[: user_model._meta.get_field(user_model.USERNAME_FIELD).max_length]


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address, which django-axes counts failures under
    (``AXES_CLIENT_IP_CALLABLE``). Behind TRUSTED_PROXIES load balancers REMOTE_ADDR is the
    nearest one's, the same for every visitor, so five wrong passwords from anyone would lock
    a mother out everywhere: the address is then the one the outermost trusted proxy saw,
    which each proxy appends to X-Forwarded-For. Entries further left are the visitor's own
    say and could be forged; a request that did not come through the proxies has too few."""
    proxies = settings.TRUSTED_PROXIES
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
