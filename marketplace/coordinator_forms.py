"""Forms of the coordinator's workspace: shipping, cancelling and refunding a line.

They check what a person can get wrong; the services check again what the data allows.
"""

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# The carriers Laixi's cooperatives ship with, stored under their Chinese names (what the
# buyer's email and page show); the labels are translated for the English workspace.
CARRIERS = [
    ("顺丰速运", _("SF Express")),
    ("中国邮政", _("China Post")),
    ("EMS", _("EMS")),
    ("京东物流", _("JD Logistics")),
    ("中通快递", _("ZTO Express")),
    ("圆通速递", _("YTO Express")),
    ("韵达快递", _("Yunda Express")),
    ("申通快递", _("STO Express")),
    ("极兔速递", _("J&T Express")),
    ("德邦快递", _("Deppon Express")),
]

tracking_number = RegexValidator(
    r"^[A-Za-z0-9-]{6,40}$",
    _("A tracking number is 6 to 40 letters, digits or dashes, e.g. SF1234567890123."),
)


def _squeezed(value: str) -> str:
    return " ".join(value.split())


class ShipForm(forms.Form):
    carrier = forms.ChoiceField(
        label=_("Carrier"),
        choices=[("", _("Choose the carrier")), *CARRIERS],
        error_messages={
            "required": _("Choose the carrier."),
            "invalid_choice": _("Choose one of the carriers in the list."),
        },
    )
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=60,
        error_messages={
            "required": _("Enter the tracking number."),
            "max_length": _("A tracking number has at most 40 characters."),
        },
    )

    def clean_tracking_number(self) -> str:
        # Numbers are read off a label: spaces are the reader's, not the number's.
        number = "".join(self.cleaned_data["tracking_number"].split()).upper()
        if len(number) > 40:
            raise forms.ValidationError(self.fields["tracking_number"].error_messages["max_length"])
        tracking_number(number)
        return number


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            max_length=200,
            widget=forms.Textarea(attrs={"rows": 2, "maxlength": 200}),
            error_messages={
                "required": _("Give a reason."),
                "max_length": _("Keep the reason under 200 characters."),
            },
            **kwargs,
        )

    def clean(self, value):
        return _squeezed(super().clean(value))


class CancelForm(forms.Form):
    reason = ReasonField(label=_("Reason"))


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (¥)"),
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        error_messages={
            "required": _("Enter the amount to refund."),
            "invalid": _("Enter an amount in yuan, e.g. 12.50."),
            "min_value": _("Enter an amount greater than ¥0.00."),
            "max_digits": _("That amount is far more than was paid."),
            "max_whole_digits": _("That amount is far more than was paid."),
            "max_decimal_places": _("Enter the amount in yuan and fen: at most two decimals."),
        },
    )
    reason = ReasonField(label=_("Reason"))
    # What had been refunded when the form was shown: a repeated or stale form is refused.
    seen = forms.DecimalField(
        widget=forms.HiddenInput,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        error_messages={
            "required": _("This form is out of date. Open the line again."),
            "invalid": _("This form is out of date. Open the line again."),
        },
    )

    def __init__(self, *args, refundable: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable = refundable
        self.fields["amount"].widget.attrs.update(
            {"max": str(refundable), "step": "0.01", "inputmode": "decimal"}
        )

    def clean_amount(self) -> Decimal:
        amount = self.cleaned_data["amount"]
        if amount > self.refundable:
            raise forms.ValidationError(
                _("At most ¥%(left)s can be refunded.") % {"left": self.refundable}
            )
        return amount
