"""Forms of the management review pages: open a review, the meeting and narrative, a decision, the action a
decision becomes, the signed PDF."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from qms_portal.forms import VietnameseDateField
from reports.review.models import NARRATIVE_MAX, ReviewPeriod, SignedKind


def members_of(agency: Agency):
    """People of the agency and of the agencies above it (one query when evaluated)."""
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__agency=agency) | Q(memberships__agency__in=agency.ancestor_ids()), is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ReviewNewForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": _("Enter a year between 2000 and 2100."),
            "max_value": _("Enter a year between 2000 and 2100."),
        },
    )
    period = forms.ChoiceField(label=_("Period"), choices=ReviewPeriod.choices, initial=ReviewPeriod.YEAR)


def _text(label, rows=4):
    return forms.CharField(
        label=label, required=False, max_length=NARRATIVE_MAX, widget=forms.Textarea(attrs={"rows": rows})
    )


class ReviewForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    meeting_date = VietnameseDateField(label=_("Meeting date"), required=False)
    place = forms.CharField(label=_("Meeting place"), max_length=300, required=False)
    chair = PersonChoiceField(label=_("Chair"), queryset=get_user_model().objects.none(), required=False)
    chair_title = forms.CharField(label=_("Chair's title"), max_length=200, required=False)
    secretary = PersonChoiceField(label=_("Secretary"), queryset=get_user_model().objects.none(), required=False)
    attendees = PeopleChoiceField(
        label=_("Attendees"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = forms.CharField(
        label=_("Guests (one per line)"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    report_number = forms.IntegerField(
        label=_("Number of the input report"), required=False, min_value=1, max_value=9999
    )
    minutes_number = forms.IntegerField(label=_("Number of the minutes"), required=False, min_value=1, max_value=9999)
    audit_results = _text(_("Internal audit results"))
    issues_changes = _text(_("Changes in external and internal issues"))
    resources = _text(_("Adequacy of resources"))
    feedback = _text(_("Feedback and complaints"))
    improvements = _text(_("Opportunities for improvement"))
    conclusions = _text(_("Conclusions"), rows=5)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        people = members_of(agency)
        for name in ("chair", "secretary", "attendees"):
            self.fields[name].queryset = people


class _Compact:
    """Fields rendered one by one on the review page (not through crispy): Bootstrap's small controls."""

    def compact(self):
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
        return self


class DecisionForm(_Compact, forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label=_("Decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Responsible"), max_length=300, required=False)
    due_on = VietnameseDateField(label=_("Due by"), required=False)


class DecisionActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    agency = forms.ModelChoiceField(label=_("Responsible unit"), queryset=Agency.objects.none())
    owner = PersonChoiceField(label=_("Owner (person)"), queryset=get_user_model().objects.none(), required=False)
    due_on = VietnameseDateField(label=_("Due by"))

    def __init__(self, *args, units, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = units
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(
                Q(memberships__agency__path__startswith=agency.path) | Q(memberships__agency__in=agency.ancestor_ids()),
                is_active=True,
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )


class SignedForm(_Compact, forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=SignedKind.choices)
    file = forms.FileField(label=_("Signed PDF"))
