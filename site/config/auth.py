"""Hooks of the sign-in machinery that belong to no app."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest

from axes.conf import settings as axes_settings
from sesame import settings as sesame_settings


def is_login_card_attempt(request: HttpRequest, credentials: dict | None) -> bool:
    """django-axes neither counts nor locks sign-ins by a login card's link (see
    ``AXES_WHITELIST_CALLABLE``); passwords stay throttled."""
    return sesame_settings.TOKEN_NAME in (credentials or {})


def axes_username(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The username django-axes counts a failure under (``AXES_USERNAME_CALLABLE``): read
    where axes itself reads it, cut to the longest username an account can have. axes keeps
    it in a 255-character column, so a crafted 100,000-character sign-in would fail to save
    (a 500 on PostgreSQL) instead of being the plain wrong sign-in it is."""
    field = axes_settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", getattr(request, "POST", {})).get(field)
    if not isinstance(username, str):
        return username
    user_model = get_user_model()
    return username[: user_model._meta.get_field(user_model.USERNAME_FIELD).max_length]
