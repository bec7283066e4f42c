"""Her registration form, and the staff's recommendation and outcome forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.forms import mainland_mobile_clean
from marketplace.inputs import BoundedModelMultipleChoiceField
from marketplace.models.catalogue import display_name_of
from orders.members.forms import SkillsField
from orders.models import Skill
from station.models import Area, Outcome


class AreasField(BoundedModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Area) -> str:
        return obj.display_name


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=150, error_messages={"required": _("Enter your name.")}
    )
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=32,
        error_messages={"required": _("Enter your mobile number.")},
    )
    earliest_start = forms.TimeField(
        label=_("I can start from"),
        widget=_time_input(),
        error_messages={
            "required": _("Enter when you can start."),
            "invalid": _("Enter a time such as 08:30."),
        },
    )
    latest_finish = forms.TimeField(
        label=_("I must finish by"),
        widget=_time_input(),
        error_messages={
            "required": _("Enter when you must finish."),
            "invalid": _("Enter a time such as 15:30."),
        },
    )
    days = forms.CharField(
        label=_("Days I can work"),
        max_length=80,
        required=False,
        help_text=_("For example: Monday to Friday."),
    )
    areas = AreasField(
        label=_("Areas"),
        queryset=Area.objects.all(),
        error_messages={"required": _("Choose at least one area.")},
        help_text=_("The station staff of these areas see your registration."),
    )
    skills = SkillsField(label=_("Skills"), queryset=Skill.objects.all(), required=False)
    needs_bus = forms.BooleanField(label=_("I need the mothers' bus"), required=False)
    needs_childcare = forms.BooleanField(
        label=_("I need childcare in the holidays"), required=False
    )
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    consent = forms.BooleanField(
        label=_("The station may contact me about positions"),
        required=False,
        help_text=_(
            "Only the station staff of your areas see your name and number, and only while "
            "this is ticked. Untick it at any time."
        ),
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self) -> str:
        return mainland_mobile_clean(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        start, finish = data.get("earliest_start"), data.get("latest_finish")
        if start and finish and start >= finish:
            self.add_error("latest_finish", _("You must finish after you start."))
        return data


class RecommendForm(forms.Form):
    position = forms.TypedChoiceField(
        label=_("Position"), coerce=int, error_messages={"required": _("Choose a position.")}
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.positions = {position.pk: position for position in positions}
        self.fields["position"].choices = [
            (pk, f"{p.employer.display_name} · {display_name_of(p.title, p.title_en)}")
            for pk, p in self.positions.items()
        ]

    def clean_position(self):
        return self.positions[self.cleaned_data["position"]]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
