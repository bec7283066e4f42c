from django import forms
from django.utils.translation import gettext_lazy as _


class EnrolForm(forms.Form):
    with_child = forms.BooleanField(
        label=_("I bring my child to the mother-and-baby room"), required=False
    )


class AttendanceForm(forms.Form):
    """One tap of the roll call: she was (not) at one session."""

    session = forms.IntegerField(min_value=1)
    enrolment = forms.IntegerField(min_value=1)
    present = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
