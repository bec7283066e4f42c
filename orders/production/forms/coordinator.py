"""Forms of the coordinator's production workspace: a production order, a handover, an
inspection and its correction.

They check what a person can get wrong; the services check again what the data allows.
"""

import datetime
import uuid
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.images import ImageUploadField
from marketplace.widgets import DateInput, DateTimeInput
from orders.fairwork.forms.reported import counter_field
from orders.models import OrderMode, ProductionOrder, RejectionReason, Skill
from orders.production.forms.work import MAX_PIECES, PiecesField
from orders.production.photos import ORDER_PHOTO
from orders.production.services.photos import photo_save

LONGEST_DAYS = 365
MOST_MINUTES_PER_PIECE = 8 * 60
NUMERIC = {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"}


def _pieces(label, *, least=0, required=True, **kwargs) -> PiecesField:
    return PiecesField(
        label=label,
        min_value=least,
        max_value=MAX_PIECES,
        required=required,
        widget=forms.TextInput(attrs=NUMERIC | {"size": 5}),
        error_messages={
            "invalid": _("Enter a whole number of pieces, like 20."),
            "min_value": _("Enter at least %(limit_value)s."),
            "max_value": _("That is more pieces than any order holds."),
            "required": _("Enter a number of pieces."),
        },
        **kwargs,
    )


class OrderForm(forms.ModelForm):
    photo_upload = ImageUploadField(
        label=_("Photo of the model piece"),
        required=False,
        help_text=_("A clear photo of one finished piece, as the mothers should make it."),
    )

    class Meta:
        model = ProductionOrder
        fields = [
            "product",
            "quantity",
            "piece_rate",
            "due_date",
            "required_skill",
            "min_claim",
            "max_per_mother",
            "mode",
            "window_closes_at",
            "standard_minutes",
            "materials",
            "instructions",
        ]
        widgets = {
            "due_date": DateInput,
            "window_closes_at": DateTimeInput,
            "materials": forms.Textarea(attrs={"rows": 3}),
            "instructions": forms.Textarea(attrs={"rows": 4}),
            "mode": forms.RadioSelect,
            "piece_rate": forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
            "quantity": forms.TextInput(attrs=NUMERIC | {"size": 6}),
            "min_claim": forms.TextInput(attrs=NUMERIC | {"size": 5}),
            "max_per_mother": forms.TextInput(attrs=NUMERIC | {"size": 5}),
            "standard_minutes": forms.TextInput(
                attrs={"inputmode": "decimal", "size": 7, "autocomplete": "off"}
            ),
        }
        # The model's field has no verbose name of its own.
        labels = {"product": _("Product")}
        help_texts = {
            "piece_rate": _("Yuan paid for each accepted piece, e.g. 3.50."),
            "min_claim": _("The fewest pieces one mother may take."),
            "max_per_mother": _("The most pieces one mother may take."),
            "mode": _(
                "First come: mothers claim at once. Request window: mothers ask until the "
                "window closes, then the pieces are shared fairly."
            ),
            "window_closes_at": _("Only for a request window (Beijing time)."),
            "materials": _("What one piece needs, one item a line."),
            "standard_minutes": _(
                "Minutes one piece takes, from the product's timed samples; change it if this "
                "order's pieces differ. Leave empty if not timed."
            ),
        }

    def __init__(self, *args, products, needed: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.needed = needed
        self.fields["product"].queryset = products
        self.fields["product"].empty_label = _("Choose a product")
        self.fields["product"].label_from_instance = lambda p: (
            f"{p.display_name} ({p.cooperative.display_name})"
        )
        self.fields["required_skill"].queryset = Skill.objects.all()
        self.fields["required_skill"].label_from_instance = lambda s: s.display_name
        self.fields["required_skill"].empty_label = _("No skill needed")
        self.fields["mode"].choices = OrderMode.choices
        minutes = self.fields["standard_minutes"]
        minutes.validators = [
            MinValueValidator(Decimal("0.01"), _("Enter more than 0 minutes a piece."))
        ]
        minutes.error_messages |= {
            "invalid": _("Enter the minutes a piece takes as a number, like 7.5."),
            "max_digits": _("More than a working day a piece is surely a slip."),
            "max_whole_digits": _("More than a working day a piece is surely a slip."),
            "max_decimal_places": _("Enter the minutes to two decimals at most, like 7.25."),
        }
        for name in ("quantity", "min_claim", "max_per_mother"):
            # One clear message per bound, instead of the model's and the form's both.
            self.fields[name].validators = [
                MinValueValidator(1, _("Enter at least 1 piece.")),
                MaxValueValidator(MAX_PIECES, _("That is more pieces than any order holds.")),
            ]
            self.fields[name].error_messages["invalid"] = _(
                "Enter a whole number of pieces, like 20."
            )

    def clean_piece_rate(self):
        rate = self.cleaned_data["piece_rate"]
        if rate is not None and rate > 10_000:
            raise forms.ValidationError(_("A piece rate above ¥10,000.00 is surely a slip."))
        return rate

    def clean_standard_minutes(self):
        minutes = self.cleaned_data["standard_minutes"]
        if minutes is not None and minutes > MOST_MINUTES_PER_PIECE:
            raise forms.ValidationError(_("More than a working day a piece is surely a slip."))
        return minutes

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        today = timezone.localdate()
        if due < today:
            raise forms.ValidationError(_("The due date cannot be in the past."))
        if due > today + datetime.timedelta(days=LONGEST_DAYS):
            raise forms.ValidationError(_("The due date must be within a year."))
        return due

    def clean(self):
        data = super().clean()
        quantity, least, most = (data.get(k) for k in ("quantity", "min_claim", "max_per_mother"))
        if None not in (quantity, least, most):
            if least > most:
                self.add_error(
                    "min_claim", _("The smallest claim cannot be above the most per mother.")
                )
            if least > quantity:
                self.add_error("min_claim", _("The smallest claim cannot be above the quantity."))
        if quantity is not None and quantity < self.needed:
            self.add_error(
                "quantity",
                _("Make at least the %(count)d pieces the chosen purchases need.")
                % {"count": self.needed},
            )
        if data.get("mode") == OrderMode.REQUEST_WINDOW:
            closes = data.get("window_closes_at")
            if closes is None:
                self.add_error("window_closes_at", _("Say when requests close."))
            elif closes <= timezone.now():
                self.add_error("window_closes_at", _("Requests must close in the future."))
            elif data.get("due_date") and timezone.localtime(closes).date() >= data["due_date"]:
                self.add_error("window_closes_at", _("Requests must close before the due date."))
        else:
            data["window_closes_at"] = None
        return data

    def save_photo(self, *, title: str, user):
        upload = self.cleaned_data.get("photo_upload")
        if not upload:
            return None
        return photo_save(upload=upload, title=title, user=user, renditions=ORDER_PHOTO.values())


class HandoverForm(forms.Form):
    count = _pieces(_("Pieces handed over"), least=1)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    minutes_reported = counter_field()
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_seen(self) -> int | None:
        value = self.cleaned_data["seen"]
        return int(value) if value.isdecimal() and len(value) <= 9 else None


class InspectionForm(forms.Form):
    """Accepted pieces plus rejected pieces per reason of the cooperative's list."""

    accepted = _pieces(_("Accepted"))
    note = forms.CharField(
        label=_("Note for the mother"), max_length=200, required=False, widget=forms.TextInput
    )
    photo_upload = ImageUploadField(label=_("Photo of the rejected pieces"), required=False)

    def __init__(self, *args, reasons, count: int, correcting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = count
        self.reasons: list[RejectionReason] = list(reasons)
        for reason in self.reasons:
            self.fields[f"reason_{reason.pk}"] = _pieces(
                reason.display_name, required=False, initial=0
            )
        if correcting:
            del self.fields["photo_upload"]
            self.fields["note"].required = True
            self.fields["note"].label = _("Why is the result corrected?")
            self.fields["note"].error_messages["required"] = _("Say why the result is corrected.")

    @property
    def reason_fields(self):
        return [self[f"reason_{reason.pk}"] for reason in self.reasons]

    def clean(self):
        data = super().clean()
        self.rejections = {
            reason.pk: data.get(f"reason_{reason.pk}") or 0 for reason in self.reasons
        }
        accepted = data.get("accepted")
        if accepted is not None and accepted + sum(self.rejections.values()) != self.count:
            raise forms.ValidationError(
                _(
                    "Accepted and rejected pieces must add up to the %(count)d pieces "
                    "handed over: now they make %(sum)d."
                )
                % {"count": self.count, "sum": accepted + sum(self.rejections.values())}
            )
        return data


class ReasonForm(forms.ModelForm):
    """A new reason for rejecting pieces, in Chinese and (optionally) English."""

    class Meta:
        model = RejectionReason
        fields = ["name", "name_en"]
        labels = {"name": _("Reason (Chinese)"), "name_en": _("Reason (English)")}

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.cooperative = cooperative
        self.fields["name"].max_length = 40
        self.fields["name_en"].max_length = 60

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if RejectionReason.objects.filter(cooperative=self.cooperative, name=name).exists():
            raise forms.ValidationError(_("Your cooperative already has this reason."))
        return name

    def save(self, commit=True):
        reason = super().save(commit=False)
        reason.cooperative = self.cooperative
        reason.code = f"custom-{uuid.uuid4().hex[:8]}"
        reason.sort_order = 100
        if commit:
            reason.save()
        return reason
