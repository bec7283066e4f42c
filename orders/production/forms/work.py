"""Forms of the mother's side: how many pieces she takes, or asks for."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from orders.production.services.claims import ClaimLimits

# No order is this large; anything above is a slip of the thumb, said as such before the
# order's own limits are even looked at (and kept far from any integer overflow).
MAX_PIECES = 100_000


class PiecesField(forms.IntegerField):
    """A whole number of pieces; a box of only spaces counts as empty, not as a typo."""

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


class ClaimForm(forms.Form):
    """The absolute number of pieces she wants to hold (0 releases her claim).

    ``seen`` is her claim when the page was drawn: if it has changed since (another window,
    another tap), the view asks her to look again rather than overwrite it unseen.
    """

    quantity = PiecesField(
        label=_("Pieces I will make"),
        min_value=0,
        max_value=MAX_PIECES,
        error_messages={
            "required": _("Enter how many pieces you will make, or 0 to release your claim."),
            "invalid": _("Enter a whole number of pieces, like 20."),
            "min_value": _("The number of pieces cannot be below 0."),
            "max_value": _("That is more pieces than any order holds."),
        },
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autocomplete": "off",
                "size": 5,
            }
        ),
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def show_limits(self, limits: ClaimLimits) -> None:
        """Say under the box what she may take now (nothing when she may take none)."""
        if limits.most >= limits.least:
            self._say(_limits_text(limits))

    def _say(self, text: str) -> None:
        # A bound form has already made its BoundField, which copied the help text.
        self.fields["quantity"].help_text = self["quantity"].help_text = text

    def clean_seen(self) -> int | None:
        # A field she never typed: a missing or mangled value means "not known", not an error.
        value = self.cleaned_data["seen"]
        return int(value) if value.isdecimal() and len(value) <= 6 else None


class RequestForm(ClaimForm):
    """The number of pieces she would like from a request-window order (0 withdraws her
    request); ``seen`` is her request when the page was drawn."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["quantity"]
        field.label = _("Pieces I would like")
        field.error_messages["required"] = _(
            "Enter how many pieces you would like, or 0 to withdraw your request."
        )

    def show_limits(self, limits: ClaimLimits) -> None:
        if limits.most >= limits.least:
            text = _("From %(least)d to %(most)d pieces, or 0 to withdraw your request.")
            self._say(text % {"least": limits.least, "most": limits.most})


def _limits_text(limits: ClaimLimits) -> str:
    """The numbers ``claim_limits`` allows, said as she may choose them."""
    names = {"least": limits.least, "most": limits.most, "count": limits.floor}
    if not limits.held:
        text = _("From %(least)d to %(most)d pieces.")
    elif not limits.floor:
        text = _("From %(least)d to %(most)d pieces, or 0 to release your claim.")
    elif limits.floor < limits.least:
        text = ngettext(
            "From %(least)d to %(most)d pieces, or %(count)d to keep only the piece you "
            "have handed over.",
            "From %(least)d to %(most)d pieces, or %(count)d to keep only the pieces you "
            "have handed over.",
            limits.floor,
        )
    else:
        text = ngettext(
            "From %(least)d to %(most)d pieces: you have handed over %(count)d piece, "
            "so your claim cannot go below it.",
            "From %(least)d to %(most)d pieces: you have handed over %(count)d pieces, "
            "so your claim cannot go below them.",
            limits.floor,
        )
    return text % names
