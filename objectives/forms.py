"""Forms for decisions and their content. Forms only parse input; services validate and save."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from objectives.models import (
    Aggregation, AppendixForm, Comparator, Decision, Frequency, Measurement, Objective, SignerPrefix, Unit,
)
from qms_portal.forms import VietnameseDecimalField

ARTICLE_START = re.compile(r"^\s*(?:\*\*)?Điều\s+(\d+)\s*\.(?:\*\*)?\s*", re.MULTILINE)


def split_articles(text: str) -> list[str]:
    """"Điều 1. ...\nĐiều 2. ..." -> the article texts; text with no "Điều N." is one article."""
    text = (text or "").strip()
    if not text:
        return []
    starts = list(ARTICLE_START.finditer(text))
    if not starts:
        return [text]
    return [text[m.end(): starts[i + 1].start() if i + 1 < len(starts) else len(text)].strip() for i, m in enumerate(starts)]


def join_articles(articles: list[str]) -> str:
    return "\n\n".join(f"Điều {i}. {text}" for i, text in enumerate(articles, start=1))


class NewDecisionForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["year"].initial = date.today().year + (1 if date.today().month >= 11 else 0)


class DecisionForm(forms.ModelForm):
    """Header, legal bases, articles, recipients, signer and appendix settings of a draft."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    legal_bases_text = forms.CharField(
        label=_("Legal bases"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line, each starting with \"Căn cứ\"."),
    )
    articles_text = forms.CharField(
        label=_("Articles"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Start each article with \"Điều 1.\", \"Điều 2.\", ..."),
    )
    recipients_text = forms.CharField(
        label=_("Recipients (Nơi nhận)"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line; the last one is usually \"Lưu: VT, ...\"."),
    )

    class Meta:
        model = Decision
        fields = [
            "header_parent", "header_own", "symbol", "place", "doc_type", "summary", "authority", "proposal",
            "signer_prefix", "signer_authority", "signer_title", "signer_name",
            "appendix_title", "appendix_intro", "appendix_reference", "appendix_form", "appendix_landscape",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "proposal": forms.Textarea(attrs={"rows": 2}),
                   "appendix_intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        decision = self.instance
        if not self.is_bound:
            self.initial.update(
                lock_version=decision.lock_version,
                legal_bases_text="\n".join(decision.legal_bases),
                articles_text=join_articles(decision.articles),
                recipients_text="\n".join(decision.recipients),
            )
        self.fields["signer_prefix"].choices = SignerPrefix.choices
        self.fields["appendix_form"].choices = AppendixForm.choices

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["legal_bases"] = self.cleaned_data["legal_bases_text"].splitlines()
        data["articles"] = split_articles(self.cleaned_data["articles_text"])
        data["recipients"] = [line.strip().removeprefix("-").strip() for line in self.cleaned_data["recipients_text"].splitlines()]
        return data

    def _post_clean(self):
        # Validation happens in the service (NFC, HTML, constraints); skip the ModelForm's own instance checks.
        pass


class _VersionedForm(forms.Form):
    """Optimistic locking: a form that edits an existing record (its initial data carries the version it was
    read at) refuses a submission without that version instead of silently overwriting newer changes."""

    lock_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0,
        error_messages={"required": _("This form is incomplete or out of date; reload the page and enter your change again.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.initial.get("lock_version") is not None:
            self.fields["lock_version"].required = True

    def clean(self):
        cleaned = super().clean()
        if "lock_version" in self._errors:  # a hidden field: show its error above the form
            self.add_error(None, list(self._errors.pop("lock_version")))
        return cleaned


class SectionForm(_VersionedForm):
    title = forms.CharField(label=_("Section title"), max_length=255, help_text=_("e.g. \"Đối với Ủy ban nhân dân xã\""))


class ObjectiveForm(_VersionedForm):
    section = forms.ModelChoiceField(label=_("Section"), queryset=None, required=False)
    content = forms.CharField(label=_("Objective"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("Measures"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    responsibility = forms.CharField(label=_("Responsibility"), max_length=1000, required=False)
    resources = forms.CharField(label=_("Resources"), max_length=1000, required=False)
    timeframe = forms.CharField(label=_("Timeframe"), max_length=255, required=False)
    evaluation = forms.CharField(label=_("How results are evaluated"), max_length=1000, required=False)
    parent_objective = forms.ModelChoiceField(label=_("Implements the parent agency's objective"), queryset=None, required=False)

    def __init__(self, *args, decision: Decision, parent_objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = decision.sections.all()
        self.fields["parent_objective"].queryset = parent_objectives
        if not parent_objectives.exists():
            del self.fields["parent_objective"]

    @classmethod
    def initial_for(cls, objective: Objective) -> dict:
        return {
            "lock_version": objective.lock_version, "section": objective.section_id, "content": objective.content,
            "measures": objective.measures, "responsibility": objective.responsibility,
            "resources": objective.resources, "timeframe": objective.timeframe, "evaluation": objective.evaluation,
            "parent_objective": objective.parent_objective_id,
        }

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class TargetForm(_VersionedForm):
    label = forms.CharField(label=_("Short label"), max_length=200, required=False)
    comparator = forms.ChoiceField(label=_("Comparator"), choices=Comparator.choices)
    value = VietnameseDecimalField(label=_("Value"))
    upper = VietnameseDecimalField(label=_("Upper value (for a range)"))
    unit = forms.ChoiceField(label=_("Unit of measure"), choices=Unit.choices)
    unit_label = forms.CharField(label=_("Unit name"), max_length=60, required=False, help_text=_("For counts, e.g. \"sáng kiến\"."))
    scope = forms.CharField(label=_("Scope"), max_length=120, required=False, help_text=_("e.g. \"cấp xã\""))
    measurement = forms.ChoiceField(label=_("Measured as"), choices=Measurement.choices)
    aggregation = forms.ChoiceField(label=_("Over the year"), choices=Aggregation.choices)
    frequency = forms.ChoiceField(label=_("Reporting frequency"), choices=Frequency.choices)
    source_phrase = forms.CharField(label=_("Original phrase"), max_length=500, required=False)
    parent_target = forms.ModelChoiceField(label=_("Implements the parent agency's target"), queryset=None, required=False)

    def __init__(self, *args, parent_targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent_target"].queryset = parent_targets
        self.fields["parent_target"].label_from_instance = lambda t: f"{t.objective.order}. {t.label or t.objective.content[:60]}: {t}"
        if not parent_targets.exists():
            del self.fields["parent_target"]

    @classmethod
    def initial_for(cls, target) -> dict:
        initial = {name: getattr(target, name) for name in (
            "lock_version", "label", "comparator", "value", "upper", "unit", "unit_label", "scope", "measurement",
            "aggregation", "frequency", "source_phrase")}
        initial["parent_target"] = target.parent_target_id
        return initial

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class IssueForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=999999)
    issued_on = forms.DateField(label=_("Date of issue"), widget=forms.DateInput(attrs={"type": "date"}))


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Scan of the signed paper (PDF)"))


class ImportSourceForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    text = forms.CharField(
        label=_("Paste the text of the decision"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
        max_length=400_000,
    )
    file = forms.FileField(label=_("or choose a file (.txt or .docx)"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["file"].widget.attrs["accept"] = ".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text", "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(_("Paste the text of the decision or choose a file."))
        return cleaned


class ImportPreviewForm(forms.Form):
    """Every parsed field, editable, plus one group of fields per objective (prefix obj-N-)."""

    agency = forms.ModelChoiceField(widget=forms.HiddenInput, queryset=None)
    source = forms.CharField(widget=forms.HiddenInput, max_length=400_000)
    year = forms.IntegerField(label=_("Year of the objectives"), min_value=2000, max_value=2100)
    header_parent = forms.CharField(label=_("Header line: parent agency"), max_length=255, required=False)
    header_own = forms.CharField(label=_("Header line: agency"), max_length=255)
    symbol = forms.CharField(label=_("Symbol"), max_length=40)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    doc_type = forms.CharField(label=_("Document type"), max_length=60)
    summary = forms.CharField(label=_("Summary (V/v ...)"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    authority = forms.CharField(label=_("Issuing authority"), max_length=255, required=False)
    legal_bases_text = forms.CharField(label=_("Legal bases"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    proposal = forms.CharField(label=_("Proposal line"), max_length=1000, required=False)
    articles_text = forms.CharField(label=_("Articles"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    recipients_text = forms.CharField(label=_("Recipients (Nơi nhận)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    signer_prefix = forms.ChoiceField(label=_("Signer prefix"), choices=SignerPrefix.choices, required=False)
    signer_authority = forms.CharField(label=_("Signer authority line"), max_length=255, required=False)
    signer_title = forms.CharField(label=_("Signer title"), max_length=255, required=False)
    signer_name = forms.CharField(label=_("Signer name"), max_length=120, required=False)
    appendix_title = forms.CharField(label=_("Appendix title"), max_length=255, required=False)
    appendix_reference = forms.CharField(label=_("Appendix reference line as printed"), max_length=500, required=False)
    objective_count = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=500)

    OBJECTIVE_FIELDS = ("section", "content", "measures", "responsibility", "timeframe", "targets")

    def __init__(self, *args, agencies, objective_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        for i in range(objective_count):
            self.fields[f"obj-{i}-include"] = forms.BooleanField(label=_("Keep"), required=False, initial=True)
            self.fields[f"obj-{i}-section"] = forms.CharField(label=_("Section"), max_length=255, required=False)
            self.fields[f"obj-{i}-content"] = forms.CharField(label=_("Objective"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
            self.fields[f"obj-{i}-measures"] = forms.CharField(label=_("Measures"), max_length=3000, required=False)
            self.fields[f"obj-{i}-responsibility"] = forms.CharField(label=_("Responsibility"), max_length=1000, required=False)
            self.fields[f"obj-{i}-timeframe"] = forms.CharField(label=_("Timeframe"), max_length=255, required=False)
            self.fields[f"obj-{i}-targets"] = forms.CharField(
                label=_("Targets (one phrase per line)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                max_length=3000,
            )
            self.fields[f"obj-{i}-parsed"] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20000)

    def objective_groups(self) -> list[dict]:
        count = sum(1 for name in self.fields if name.endswith("-include"))
        return [
            {name: self[f"obj-{i}-{name}"] for name in ("include", *self.OBJECTIVE_FIELDS, "parsed")} | {"index": i}
            for i in range(count)
        ]
