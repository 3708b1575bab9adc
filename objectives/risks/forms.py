"""Forms of the risk register: one item (with its version for optimistic locking), the copy-forward confirmation
and the agency/year picker."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from objectives.forms import _VersionedForm
from objectives.models import Objective
from objectives.risks import selectors
from objectives.risks.models import RiskKind, Treatment
from qms_portal.forms import VietnameseDateField

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]
OPTIONAL_SCORE_CHOICES = [("", "—"), *SCORE_CHOICES]
TEXT_FIELDS = ("description", "cause", "actions_text")


class ObjectiveChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        text = " ".join(obj.content.split())
        return text if len(text) <= 160 else text[:157] + "…"


class RiskItemForm(_VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=RiskKind.choices, initial=RiskKind.RISK)
    description = forms.CharField(
        label=_("Risk or opportunity"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    cause = forms.CharField(label=_("Cause"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    objectives = ObjectiveChoices(
        label=_("Linked objectives"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    likelihood = forms.TypedChoiceField(label=_("Likelihood (1-5)"), choices=SCORE_CHOICES, coerce=int, initial=3)
    impact = forms.TypedChoiceField(label=_("Impact (1-5)"), choices=SCORE_CHOICES, coerce=int, initial=3)
    treatment = forms.ChoiceField(
        label=_("Treatment"),
        choices=Treatment.choices,
        help_text=_("A risk: accept, reduce, avoid or transfer. An opportunity: pursue or accept."),
    )
    actions_text = forms.CharField(
        label=_("Planned actions"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner_user = forms.ModelChoiceField(label=_("Owner (person)"), queryset=None, required=False)
    owner_unit = forms.ModelChoiceField(label=_("Owner (unit)"), queryset=None, required=False)
    review_on = VietnameseDateField(label=_("Review date"), required=False)
    residual_likelihood = forms.TypedChoiceField(
        label=_("Likelihood after treatment"),
        choices=OPTIONAL_SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    residual_impact = forms.TypedChoiceField(
        label=_("Impact after treatment"), choices=OPTIONAL_SCORE_CHOICES, coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, agency: Agency, year: int, linked=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The objectives of the year's decision, plus those the item already links to (an amendment since may
        # have replaced them): a save never drops a link the user did not untick.
        choices = selectors.linkable_objectives(agency, year)
        if linked:
            choices = (choices | Objective.objects.filter(pk__in=linked)).select_related("decision").distinct()
        self.fields["objectives"].queryset = choices
        self.fields["owner_unit"].queryset = Agency.objects.filter(path__startswith=agency.path).order_by("path")
        # Members of the agency, of its units and of the agencies above it.
        self.fields["owner_user"].queryset = (
            get_user_model()
            .objects.filter(
                Q(memberships__agency__path__startswith=agency.path) | Q(memberships__agency__in=agency.ancestor_ids())
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["owner_user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("lock_version", None)
        return data


class CopyForwardForm(forms.Form):
    merge = forms.BooleanField(
        label=_("This year's register already has items: add last year's items to them"), required=False
    )


class PickerForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=None, widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("path")
