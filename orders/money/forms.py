"""Forms of paying mothers: a payout run's cut-off, recording an offline payment or its
failure, an adjustment, a mother's payout details, and her word on a payout.

They check what a person can get wrong (a date to come, an empty reason, text where yuan
belong); the services check again what the ledger allows.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.widgets import DateInput
from orders.models import OfflineMethod, PayoutProfile, Rail
from orders.money.services.payouts import cutoff_of_day

# Full-width digits, point and signs as a Chinese keyboard types them, and the typographic
# minus sign: read as the ASCII ones. A comma is refused, not guessed at: "12,50" may mean
# 12.50 or 1250.
KEYBOARD = str.maketrans("０１２３４５６７８９．－＋−", "0123456789.-+-", " ¥￥")
YUAN = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


class YuanField(forms.CharField):
    """An amount in yuan, e.g. 12.50 or -5: a sign, digits, an optional decimal part; a
    ¥ is allowed. Zero, size and the number of decimals
    are the service's to judge, with its own messages."""

    default_error_messages = {
        "invalid": _("Enter an amount in yuan, like 12.50, or -5 for a deduction."),
        "required": _("Enter an amount in yuan."),
    }

    def __init__(self, **kwargs):
        attrs = {"inputmode": "decimal", "autocomplete": "off", "size": 10, "maxlength": 20}
        kwargs.setdefault("widget", forms.TextInput(attrs=attrs))
        super().__init__(**kwargs)

    def to_python(self, value) -> Decimal | None:
        text = super().to_python(value)
        if not text:
            return None
        text = text.translate(KEYBOARD)
        if len(text) > 20 or not YUAN.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class RunForm(forms.Form):
    """Which cooperative (a hidden field when she coordinates one) and up to which day:
    today (the default) pays everything recorded up to now."""

    cooperative = forms.ModelChoiceField(
        label=_("Cooperative"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your cooperatives.")},
    )
    cutoff = forms.DateField(
        label=_("Earnings up to"),
        help_text=_(
            "Today pays all work inspected up to now; an earlier day, the work inspected up "
            "to its end (Beijing time)."
        ),
        widget=DateInput,
        error_messages={
            "required": _("Choose the last day whose earnings are paid."),
            "invalid": _("Enter a date like 2026-03-31."),
        },
    )

    def __init__(self, *args, cooperatives, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["cooperative"]
        field.queryset = cooperatives
        field.label_from_instance = lambda cooperative: cooperative.display_name
        self.several = len(cooperatives) > 1
        if len(cooperatives) == 1:
            field.widget = forms.HiddenInput()
            field.initial = cooperatives[0].pk

    def clean_cutoff(self) -> datetime.date:
        cutoff = self.cleaned_data["cutoff"]
        if cutoff > timezone.localdate():
            raise forms.ValidationError(
                _("The cut-off date cannot be in the future: pay work that is done.")
            )
        if cutoff.year < 2000:
            raise forms.ValidationError(_("Enter a date like 2026-03-31."))
        return cutoff

    def moment(self) -> datetime.datetime:
        """The instant the run pays up to (the form is valid)."""
        return cutoff_of_day(self.cleaned_data["cutoff"])


class IdsField(forms.Field):
    """Row ids ticked in a list (e.g. the mothers whose account holder she vouches for);
    anything that is not an id is no id."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> frozenset[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return frozenset(int(v) for v in map(str, values) if v.isdecimal() and len(v) <= 9)


class StartForm(RunForm):
    """The confirmation of a preview: the moment it was made up to, and the fingerprint of
    what it showed (who is paid how much), so that a run paying anything else is refused."""

    STALE = _("Look at the preview again before paying: this page is out of date.")

    cutoff = forms.DateTimeField(
        widget=forms.HiddenInput(), error_messages={"required": STALE, "invalid": STALE}
    )
    expected = forms.RegexField(
        regex=r"^[0-9a-f]{20}$",
        widget=forms.HiddenInput(),
        error_messages={"required": STALE, "invalid": STALE},
    )
    holders = IdsField(required=False)

    def clean_cutoff(self) -> datetime.datetime:
        cutoff = self.cleaned_data["cutoff"]
        if cutoff > timezone.now() or cutoff.year < 2000:
            raise forms.ValidationError(self.STALE)
        return cutoff

    def moment(self) -> datetime.datetime:
        return self.cleaned_data["cutoff"]


class HolderConfirmForm(forms.Form):
    """Her word that the account in someone else's name is right: a box she must tick."""

    confirm = forms.BooleanField(
        label=_("I have checked with her: this account is the right one to pay her."),
        error_messages={"required": _("Tick the box to confirm that the account is right.")},
    )


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=80,
        help_text=_("The bank's serial number, the WeChat Pay or Alipay transaction number…"),
        error_messages={
            "required": _("Enter the payment's reference, e.g. the bank's serial number."),
            "max_length": _("A reference has at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class FailForm(forms.Form):
    why = forms.CharField(
        label=_("Why it failed"),
        max_length=200,
        error_messages={
            "required": _("Say why the money did not reach her, e.g. the account is closed."),
            "max_length": _("Say it in at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class AdjustmentForm(forms.Form):
    amount = YuanField(
        label=_("Amount (yuan)"),
        help_text=_("A bonus, e.g. 20; a deduction with a minus sign, e.g. -5.50."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("She sees this reason on her statement."),
        error_messages={
            "required": _("Say why: the mother sees this reason on her statement."),
            "max_length": _("Say it in at most %(limit_value)d characters."),
        },
    )


class PayoutDetailsForm(forms.ModelForm):
    """How a mother is paid. The Stripe account is set up with Stripe, not typed in."""

    class Meta:
        model = PayoutProfile
        fields = ["rail", "method", "bank_name", "account_name", "account_number"]
        widgets = {"rail": forms.RadioSelect, "method": forms.RadioSelect}
        labels = {"rail": _("Paid through"), "method": _("Paid offline by")}
        help_texts = {
            "rail": _(
                "A Stripe transfer needs her Stripe account set up; until then she is paid offline."
            ),
            "account_number": _("Bank card number, WeChat ID or Alipay account."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rail"].choices = Rail.choices
        self.fields["method"].choices = OfflineMethod.choices

    def clean(self):
        data = super().clean()
        for name in ("account_name", "account_number", "bank_name"):
            data[name] = " ".join((data.get(name) or "").split())
        needed = {
            OfflineMethod.BANK: ("bank_name", "account_name", "account_number"),
            OfflineMethod.WECHAT: ("account_number",),
            OfflineMethod.ALIPAY: ("account_number",),
        }.get(data.get("method"), ())
        for name in needed:
            if not data[name] and name not in self.errors:
                self.add_error(name, _("Needed to pay her this way."))
        return data


class ProblemForm(forms.Form):
    problem = forms.CharField(
        label=_("What is wrong?"),
        max_length=300,
        error_messages={
            "required": _("Say what is wrong, e.g. the money has not arrived."),
            "max_length": _("Say it in at most %(limit_value)d characters."),
        },
        widget=forms.Textarea(attrs={"rows": 2}),
    )
