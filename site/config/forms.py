"""The sign-in form, read first by a mother on her phone."""

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from config.auth import sign_in_username


class SignInForm(AuthenticationForm):
    """Django's sign-in with a mother's words: the name field asks for her mobile number
    (a phone keypad, any way of writing the number) and a wrong sign-in says what to do
    instead of warning about upper and lower case, which a number has not."""

    error_messages = AuthenticationForm.error_messages | {
        "invalid_login": _(
            "Wrong mobile number or password. Forgot your password? Ask your "
            "cooperative's coordinator to print you a new login card."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Mobile number")
        username.help_text = _("Coordinators and other staff: your username.")
        # inputmode, not type="tel": a phone keypad for the mothers, while the field stays
        # a text field that takes a coordinator's name typed on a computer.
        username.widget.attrs.update({"inputmode": "tel", "autocomplete": "username"})

    def clean_username(self) -> str:
        return sign_in_username(self.cleaned_data["username"])
