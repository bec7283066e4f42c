"""Hooks of the sign-in machinery that belong to no app."""

from django.http import HttpRequest

from sesame import settings as sesame_settings


def is_login_card_attempt(request: HttpRequest, credentials: dict | None) -> bool:
    """django-axes neither counts nor locks sign-ins by a login card's link (see
    ``AXES_WHITELIST_CALLABLE``); passwords stay throttled."""
    return sesame_settings.TOKEN_NAME in (credentials or {})
