"""Forms of the materials page and of a claim's kit. They check what a person can get wrong
(a word for a number, four decimals, a huge amount); the services check again what the stock
and the claim allow."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from orders.amounts import LARGEST_AMOUNT
from orders.models import MaterialUnit

DECIMAL = {"inputmode": "decimal", "autocomplete": "off", "size": 8}


def amount_field(label, *, required=True, signed=False, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=None if signed else Decimal(0),
        max_value=LARGEST_AMOUNT,
        max_digits=9,
        decimal_places=3,
        widget=forms.TextInput(attrs=DECIMAL),
        error_messages={
            "invalid": _("Enter a number, like 2 or 2.5."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("That is more than any store holds."),
            "max_digits": _("That is more than any store holds."),
            "max_decimal_places": _("Use at most three decimals."),
            "max_whole_digits": _("That is more than any store holds."),
            "required": _("Enter an amount."),
        },
        **kwargs,
    )


class MaterialForm(forms.Form):
    name = forms.CharField(label=_("Name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=MaterialUnit.choices)
    low_stock = amount_field(
        _("Warn when on hand falls to"), help_text=_("0 for no warning."), initial=0
    )


class StockForm(forms.Form):
    RECEIVED, ADJUSTED = "received", "adjusted"

    material = forms.ModelChoiceField(label=_("Material"), queryset=None)
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[(RECEIVED, _("Received into the store")), (ADJUSTED, _("Counted: correct it"))],
        widget=forms.RadioSelect,
        initial=RECEIVED,
    )
    amount = amount_field(
        _("Amount"), signed=True, help_text=_("A correction may be negative, e.g. -3 for a loss.")
    )
    note = forms.CharField(
        label=_("Note or reason"),
        max_length=200,
        required=False,
        help_text=_("Needed for a correction: why the stock changes."),
    )

    def __init__(self, *args, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = materials

    def clean(self):
        data = super().clean()
        amount = data.get("amount")
        if data.get("kind") == self.RECEIVED and amount is not None and amount <= 0:
            self.add_error("amount", _("Enter what came in: more than 0."))
        if data.get("kind") == self.ADJUSTED and not data.get("note", "").strip():
            self.add_error("note", _("Say why the stock is adjusted."))
        return data


class PerPieceForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=None)
    material = forms.ModelChoiceField(label=_("Material"), queryset=None)
    per_piece = amount_field(_("Per piece"), help_text=_("0 takes it off the product's list."))

    def __init__(self, *args, products, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["material"].queryset = materials


class KitForm(forms.Form):
    """One amount per material (blank or 0: none of it), and a note."""

    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        for material in self.materials:
            self.fields[f"m{material.pk}"] = amount_field(
                f"{material.display_name} ({material.get_unit_display()})", required=False
            )

    def amounts(self) -> dict[int, Decimal]:
        return {
            material.pk: self.cleaned_data.get(f"m{material.pk}") or Decimal(0)
            for material in self.materials
        }

    def material_fields(self):
        return [self[f"m{material.pk}"] for material in self.materials]
