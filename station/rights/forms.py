from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from station.models import RightsRequest

PHONE = RegexValidator(
    r"^\+?[0-9][0-9 -]{5,19}$", _("Enter a phone number of digits, e.g. 13800000000.")
)


class RightsRequestForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that the federation's staff and lawyers may contact me about this."),
        error_messages={"required": _("Please agree to be contacted, or we cannot answer you.")},
    )

    class Meta:
        model = RightsRequest
        fields = ["name", "phone", "topic", "what_happened", "consent"]
        labels = {
            "name": _("Your name"),
            "phone": _("Your phone"),
            "topic": _("About"),
            "what_happened": _("What happened"),
        }
        help_texts = {"what_happened": _("A few sentences are enough; at most 2000 characters.")}
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "what_happened": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(PHONE)


class RightsRequestUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    note = forms.CharField(
        label=_("Staff note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices
