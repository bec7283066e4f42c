"""Forms of the buyer's side: quantities and the checkout's contact and delivery details."""

import re
import unicodedata

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.validators import RegexValidator
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

MAX_QUANTITY = 10_000

mainland_mobile = RegexValidator(
    r"^1[3-9][0-9]{9}$", _("Enter an 11-digit mainland mobile number, e.g. 13812345678.")
)


def mainland_mobile_clean(value: str) -> str:
    """The 11 digits of a mainland mobile number as people type or paste it: with spaces,
    dashes, a +86 prefix or a Chinese keyboard's full-width digits. Raises ValidationError."""
    digits = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", value)).removeprefix("+86")
    mainland_mobile(digits)
    return digits


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages={
            "required": _("Enter how many pieces you want."),
            "invalid": _("Enter a whole number of pieces."),
            "min_value": _("Choose at least 1 piece."),
            "max_value": _("That is more than anyone can order at once."),
        },
    )


class OneTimeKeyField(forms.CharField):
    """A hidden one-time key. It is always drawn with the key the server holds now (its
    ``initial``), never with the one posted back, so a refused stale form comes back fresh.
    Its one test is equality with that key (the form's): whatever else arrives, too long or
    with a NUL, is simply not it."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        self.validators = []

    def bound_data(self, data, initial):
        return initial


class CheckoutForm(forms.Form):
    """The contact and delivery details, and the key of this one submission of the cart."""

    checkout_key = OneTimeKeyField()
    recipient = forms.CharField(label=_("Recipient"), max_length=40)
    # A phone shows its number pad; the browser may offer the number it knows.
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send the confirmation and the link to your purchase here."),
    )
    province = forms.CharField(label=_("Province"), max_length=20)
    city = forms.CharField(label=_("City"), max_length=20)
    district = forms.CharField(label=_("District / county"), max_length=20)
    address = forms.CharField(
        label=_("Street address"),
        max_length=120,
        help_text=_("Street, building, unit and room number."),
    )
    note = forms.CharField(
        label=_("Note for the cooperative (optional)"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    create_account = forms.BooleanField(
        label=_("Create an account to see all my purchases later (optional)"), required=False
    )
    password = forms.CharField(
        label=_("Password for the new account"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits."),
    )

    def __init__(self, *args, checkout_key: str, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checkout_key"].initial = checkout_key
        if user is not None and user.is_authenticated:
            del self.fields["create_account"]
            del self.fields["password"]

    def visible_problems(self) -> list:
        """The visible fields she must correct, for the summary above the form (a phone's
        screen shows only a few fields: the summary links to each)."""
        return [field for field in self.visible_fields() if field.errors]

    def clean_phone(self) -> str:
        return mainland_mobile_clean(self.cleaned_data["phone"])

    def clean_checkout_key(self) -> str:
        """The key the session holds for the cart as it is now: a form opened before the cart
        changed, or a made-up key, is refused."""
        key = self.cleaned_data["checkout_key"]
        if not key or not constant_time_compare(key, self.fields["checkout_key"].initial):
            raise forms.ValidationError(
                _(
                    "This checkout page is out of date: your cart changed since it was "
                    "opened. Check the summary and submit again."
                ),
                code="stale",
            )
        return key

    def clean(self):
        cleaned = super().clean()
        for name in ("recipient", "province", "city", "district", "address", "note"):
            if name in cleaned:
                cleaned[name] = " ".join(cleaned[name].split())
        if cleaned.get("create_account"):
            self._clean_new_account(cleaned)
        return cleaned

    def _clean_new_account(self, cleaned: dict) -> None:
        email = cleaned.get("email", "")
        if email and get_user_model().objects.filter(username__iexact=email).exists():
            self.add_error("email", _("An account with this email exists: sign in first."))
        password = cleaned.get("password", "")
        if not password:
            self.add_error("password", _("Choose a password for the new account."))
            return
        try:
            password_validation.validate_password(password)
        except forms.ValidationError as error:
            self.add_error("password", error)

    def contact(self) -> dict:
        """The fields a Purchase keeps."""
        return {
            name: self.cleaned_data[name]
            for name in (
                "email",
                "recipient",
                "phone",
                "province",
                "city",
                "district",
                "address",
                "note",
            )
        }


class PaymentForm(forms.Form):
    """The card as Stripe.js tokenised it in the browser: the card number never reaches us."""

    card_token = forms.RegexField(regex=r"^tok_[A-Za-z0-9_]{4,250}$", max_length=255)
