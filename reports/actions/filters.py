"""The register's filters (django-filter, like objectives/filters.py): agency with its units, status, stage (open
or closed, as the dashboards count them), source, overdue only, search words. A value that does not validate is simply not applied."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from reports.actions.models import CLOSED_STATUSES, OPEN_STATUSES, ActionSource, ActionStatus, CorrectiveAction

QUERY_MAX = 100


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_words", label=_("Search"))
    # "All" rather than Django's "---------" as the empty choice (a Vietnamese screen shows no placeholder dashes).
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.none(), method="filter_subtree", label=_("Unit"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("Status"), empty_label=_("All"))
    # The dashboards' "open" and "closed" figures (summary.py) link here.
    stage = django_filters.ChoiceFilter(
        choices=[("open", _("Still to be done")), ("closed", _("Checked or closed"))],
        method="filter_stage",
        label=_("Stage"),
        empty_label=_("All"),
    )
    source = django_filters.ChoiceFilter(
        choices=ActionSource.choices, label=_("Source of the action"), empty_label=_("All")
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue only"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = CorrectiveAction
        fields = ["q", "agency", "status", "stage", "source", "overdue"]

    def __init__(self, data=None, queryset=None, *, agencies: QuerySet[Agency], **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["agency"].queryset = agencies
        for name, field in self.form.fields.items():
            css = (
                "form-check-input"
                if name == "overdue"
                else "form-select form-select-sm"
                if name != "q"
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css

    def filter_words(self, queryset, name, value):
        for word in value[:QUERY_MAX].split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset

    def filter_subtree(self, queryset, name, value: Agency):
        return queryset.filter(agency__path__startswith=value.path)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())

    def filter_stage(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATUSES if value == "open" else CLOSED_STATUSES)
