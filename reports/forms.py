"""Forms of the reports app: one small form per target row, the report's own fields, review actions,
due dates and the pickers. Numbers are read the Vietnamese way ("96,5", "1.200")."""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from objectives.models import Comparator, Measurement, Target
from qms_portal.forms import VietnameseDateField, VietnameseDecimalField
from qms_portal.vnformat import format_decimal
from reports import periods
from reports.models import ReportLine
from reports.services import LineInput, check_upload


class MarkInvalid:
    """Give inputs with an error Bootstrap's red outline (errors from the service arrive via add_error)."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in [field] if field else []:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                if "is-invalid" not in classes:
                    widget.attrs["class"] = f"{classes} is-invalid".strip()


def _shown(number: Decimal | None) -> str:
    return "" if number is None else format_decimal(number)


class LineForm(MarkInvalid, forms.Form):
    """One target's row. Only the inputs the target needs are present."""

    DONE_CHOICES = [
        ("", gettext_lazy("— not answered —")),
        ("yes", gettext_lazy("Done")),
        ("no", gettext_lazy("Not done")),
    ]

    numerator = VietnameseDecimalField(label=gettext_lazy("Numerator"))
    denominator = VietnameseDecimalField(label=gettext_lazy("Denominator"))
    value = VietnameseDecimalField(label=gettext_lazy("Result"))
    previous_value = VietnameseDecimalField(label=gettext_lazy("Same period last year"))
    done = forms.ChoiceField(
        label=gettext_lazy("Done?"), choices=DONE_CHOICES, required=False, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    cause = forms.CharField(
        label=gettext_lazy("Cause (nguyên nhân)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    action = forms.CharField(
        label=gettext_lazy("Corrective action (biện pháp khắc phục)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, target: Target, line: ReportLine | None = None, **kwargs):
        self.target = target
        if line is not None and not kwargs.get("data"):
            kwargs["initial"] = {
                "numerator": _shown(line.numerator),
                "denominator": _shown(line.denominator),
                "value": _shown(line.value),
                "previous_value": _shown(line.previous_value),
                "done": "" if line.done is None else ("yes" if line.done else "no"),
                "evidence": line.evidence,
                "cause": line.cause,
                "action": line.action,
            }
        keep = {"evidence", "cause", "action"}
        if target.measurement == Measurement.RATIO:
            keep |= {"numerator", "denominator"}
        elif target.measurement == Measurement.YES_NO:
            keep.add("done")
        else:
            keep.add("value")
        if target.comparator == Comparator.REDUCE_BY:
            keep.add("previous_value")
        # Only the fields kept are copied for this form (a report has ~20 rows of 8 possible fields).
        self.base_fields = {name: field for name, field in type(self).base_fields.items() if name in keep}
        super().__init__(*args, prefix=f"t{target.pk}", **kwargs)

    def to_input(self) -> LineInput:
        data = self.cleaned_data
        done = data.get("done")
        return LineInput(
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            value=data.get("value"),
            done=None if not done else done == "yes",
            previous_value=data.get("previous_value"),
            evidence=data.get("evidence", ""),
            cause=data.get("cause", ""),
            action=data.get("action", ""),
        )


# Each input's class and role, set once on the class's fields (each form deep-copies them) instead of on every
# row's copy: the same attributes, in the same order.
for _name in ("numerator", "denominator", "value", "previous_value", "evidence", "cause", "action"):
    LineForm.base_fields[_name].widget.attrs.update({"class": "form-control", "data-role": _name})
del _name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(MarkInvalid, forms.Form):
    ACTIONS = [("save", gettext_lazy("Save as draft")), ("submit", gettext_lazy("Submit"))]

    note = forms.CharField(
        label=gettext_lazy("Evidence and remarks for the whole report"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    files = MultipleFileField(
        label=gettext_lazy("Add evidence files"),
        required=False,
        help_text=gettext_lazy("PDF, images (PNG, JPEG), Word, Excel or PowerPoint files."),
        widget=MultipleFileInput(
            attrs={
                "class": "form-control",
                "accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp",
            }
        ),
    )
    remove_files = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Remove"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput, required=False)

    def __init__(self, *args, evidence=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_files"].choices = [(e.pk, e.original_name) for e in evidence]

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


class ReviewForm(MarkInvalid, forms.Form):
    """Accept (comment optional), return (comment required) or reopen (reason required)."""

    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, required: bool = False, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = required
        if label:
            self.fields["comment"].label = label
        if required:
            self.fields["comment"].error_messages["required"] = _(
                "Please write it; it is recorded and shown to the unit head."
            )


class DueDatesForm(forms.Form):
    """One date per period; an empty field means the default (10 days after the period ends)."""

    def __init__(self, *args, year: int, current: dict[str, date | None], **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        for period in periods.ORDER:
            self.fields[period] = VietnameseDateField(
                label=periods.label(period),
                required=False,
                initial=current.get(period),
                help_text=_("Default: %(date)s") % {"date": periods.default_due(year, period).strftime("%d/%m/%Y")},
            )
            self.fields[period].widget.attrs["class"] = "form-control"


class PickerForm(forms.Form):
    agency = forms.TypedChoiceField(label=gettext_lazy("Agency"), coerce=int, choices=[])
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, "\u2003" * max(0, a.depth) + str(a)) for a in agencies]
        self.fields["agency"].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs["class"] = "form-control"
