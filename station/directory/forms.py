"""The directory's search and filters, and the form an employer's staff keep a position with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.models import Skill
from station.models import Area, Position

FLEXIBILITIES = [
    ("", _("Any")),
    ("starts_late", _("May start half an hour later")),
    ("leaves_early", _("May finish half an hour earlier")),
    ("bus", _("Mothers' bus")),
    ("childcare", _("Childcare in the holidays")),
]


class PositionFilterForm(forms.Form):
    """Every field optional; an invalid one is reported and left out of the search."""

    q = forms.CharField(label=_("Search"), max_length=60, required=False)
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All areas"),
    )
    ends_by = forms.TimeField(
        label=_("Ends by"),
        required=False,
        help_text=_("For example 15:30, to fetch the children from school."),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    starts_after = forms.TimeField(
        label=_("Starts at or after"),
        required=False,
        help_text=_("For example 9:00, after taking the children to school."),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    flexibility = forms.ChoiceField(label=_("Flexibility"), choices=FLEXIBILITIES, required=False)
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=Skill.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any skill"),
    )
    open_only = forms.BooleanField(label=_("Open positions only"), required=False)

    def filters(self) -> dict:
        """The valid filters (an invalid field's value is dropped, its error shown)."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in (None, "", False)
        }


class PositionKeepForm(forms.ModelForm):
    """What an employer's own staff may change of a position: not its employer, pay or area."""

    class Meta:
        model = Position
        fields = [
            "is_open",
            "openings",
            "starts_at",
            "ends_at",
            "days",
            "starts_late",
            "leaves_early",
            "flexibility_note",
        ]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean_openings(self):
        openings = self.cleaned_data["openings"]
        if openings > 999:
            raise forms.ValidationError(_("At most 999 openings."))
        return openings
