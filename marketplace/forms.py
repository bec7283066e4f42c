"""Forms of the buyer's side: quantities and the checkout's contact and delivery details."""

import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

MAX_QUANTITY = 10_000

mainland_mobile = RegexValidator(
    r"^1[3-9]\d{9}$", _("Enter an 11-digit mainland mobile number, e.g. 13812345678.")
)


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


class CheckoutForm(forms.Form):
    recipient = forms.CharField(label=_("Recipient"), max_length=40)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20)
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

    def clean_phone(self) -> str:
        # Buyers paste numbers with spaces, dashes or +86; keep the 11 digits.
        digits = re.sub(r"[\s\-]", "", self.cleaned_data["phone"]).removeprefix("+86")
        mainland_mobile(digits)
        return digits

    def clean(self):
        cleaned = super().clean()
        for name in ("recipient", "province", "city", "district", "address", "note"):
            if name in cleaned:
                cleaned[name] = " ".join(cleaned[name].split())
        return cleaned


class PaymentForm(forms.Form):
    """The card as Stripe.js tokenised it in the browser: the card number never reaches us."""

    card_token = forms.RegexField(regex=r"^tok_[A-Za-z0-9_]{4,250}$", max_length=255)
