"""Forms of the corrective action pages: the action itself, a step with its note, evidence files."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from qms_portal.forms import VietnameseDateField
from reports.actions.models import ActionSource
from reports.forms import MultipleFileField

MANUAL_SOURCES = [(v, label) for v, label in ActionSource.choices if v != ActionSource.MISSED_TARGET]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    source = forms.ChoiceField(label=_("Source of the action"), choices=MANUAL_SOURCES, initial=ActionSource.MANUAL)
    description = forms.CharField(
        label=_("Description"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cause_analysis = forms.CharField(
        label=_("Cause analysis"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(label=_("Owner (person)"), queryset=get_user_model().objects.none(), required=False)
    due_on = VietnameseDateField(label=_("Due by"))  # typed and shown as dd/mm/yyyy

    def __init__(self, *args, agency: Agency, with_source: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Members of the unit and of the agencies above it (the path lists their keys).
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(Q(memberships__agency=agency) | Q(memberships__agency__in=agency.ancestor_ids()))
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        if not with_source:
            del self.fields["source"]


class StepForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("Add evidence files"), required=False)
