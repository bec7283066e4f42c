"""Forms of the coordinator's roster (register a mother, edit her), and the one a woman
answers an invitation with."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from marketplace.forms import mainland_mobile_clean
from marketplace.inputs import BoundedModelMultipleChoiceField
from orders.models import Skill

NAME_MAX = 150  # auth.User.first_name


class SkillsField(BoundedModelMultipleChoiceField):
    """Skills as checkboxes, named in the page's language."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Skill) -> str:
        return obj.display_name


class MotherForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX,
        help_text=_("Her name as the cooperative knows her, e.g. 王秀兰."),
        error_messages={"required": _("Enter her name.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    skills = SkillsField(
        label=_("Skills"),
        queryset=Skill.objects.all(),
        required=False,
        help_text=_("The crafts she has been trained in: they decide which work she sees."),
    )
    password = forms.CharField(
        label=_("Password (optional)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 8 characters, not only digits. Leave it empty and she signs in "
            "with her login card only."
        ),
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def _validate_password(self, *, username: str) -> None:
        password = self.cleaned_data.get("password")
        if not password:
            return
        user = get_user_model()(username=username, first_name=self.cleaned_data.get("name", ""))
        try:
            password_validation.validate_password(password, user)
        except forms.ValidationError as error:
            self.add_error("password", error)


class MotherRegisterForm(MotherForm):
    """A new mother of one of the coordinator's ``cooperatives`` (a hidden field when she
    coordinates only one)."""

    cooperative = forms.ModelChoiceField(label=_("Cooperative"), queryset=None, empty_label=None)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("Her 11-digit mobile number: she signs in with it."),
        error_messages={"required": _("Enter her mobile number.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    field_order = ["cooperative", "name", "phone", "skills", "password"]

    def __init__(self, *args, cooperatives, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["cooperative"]
        field.queryset = cooperatives
        field.label_from_instance = lambda cooperative: cooperative.display_name
        if len(cooperatives) == 1:
            field.widget = forms.HiddenInput()
            self.initial["cooperative"] = cooperatives[0].pk

    def clean_phone(self) -> str:
        return mainland_mobile_clean(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        self._validate_password(username=cleaned.get("phone", ""))
        return cleaned


class MotherUpdateForm(MotherForm):
    """Her name, skills and a new password. A protected account (``account_locked``) keeps
    its name and password: only the skills are offered."""

    def __init__(self, *args, username: str, account_locked: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.username = username
        password = self.fields["password"]
        password.label = _("New password (optional)")
        password.help_text = _(
            "At least 8 characters, not only digits. Leave it empty to keep her password. "
            "A new password also voids her printed login cards."
        )
        if account_locked:
            del self.fields["name"]
            del self.fields["password"]

    def clean(self):
        cleaned = super().clean()
        if "password" in self.fields:
            self._validate_password(username=self.username)
        return cleaned


class InvitationAcceptForm(SetPasswordForm):
    """Accepting an invitation. An account with no usable password (she signed in by login
    card) chooses one here, since no coordinator may print a card for an account that two
    cooperatives share; any other account answers with the button alone."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        if user.has_usable_password():
            del self.fields["new_password1"]
            del self.fields["new_password2"]
            return
        self.fields["new_password1"].help_text = _(
            "At least 8 characters, not only digits. From now on you sign in with your "
            "mobile number and this password."
        )

    @property
    def password(self) -> str | None:
        return self.cleaned_data.get("new_password1") or None
