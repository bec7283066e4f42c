"""Buyer accounts made at checkout: the email is the username."""

from django.contrib.auth import get_user_model


def buyer_create(*, email: str, password: str):
    """A new buyer account. The form has checked that the email is free and the password
    acceptable; a race for the same email ends in an IntegrityError and no purchase."""
    return get_user_model().objects.create_user(username=email, email=email, password=password)
