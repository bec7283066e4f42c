"""Buyer accounts made at checkout: the email is the username."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from marketplace.exceptions import AccountExists


def buyer_create(*, email: str, password: str):
    """A new buyer account. The form has checked that the email is free and the password
    acceptable; a race for the same email raises AccountExists and creates nothing."""
    try:
        with transaction.atomic():
            return get_user_model().objects.create_user(
                username=email, email=email, password=password
            )
    except IntegrityError as error:
        raise AccountExists from error
