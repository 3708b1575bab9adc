"""The decision list's filters (django-filter): search words, year, agency with its units, status.
Bad values are ignored, as before: a filter whose value does not validate is simply not applied."""

import django_filters
from django import forms
from django.db.models import QuerySet

from agencies.models import Agency
from objectives.models import Decision, DecisionStatus
from qms_portal.text import fold

QUERY_MAX = 100


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_words")
    year = YearFilter(field_name="year", min_value=1)
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.none(), method="filter_subtree")
    status = django_filters.ChoiceFilter(choices=DecisionStatus.choices)

    class Meta:
        model = Decision
        fields = ["q", "year", "agency", "status"]

    def __init__(self, data=None, queryset=None, *, agencies: QuerySet[Agency], **kwargs):
        """`agencies` are those the user may choose (the ones they may see); any other is ignored."""
        super().__init__(data, queryset, **kwargs)
        self.filters["agency"].queryset = agencies

    def filter_words(self, queryset: QuerySet[Decision], name: str, value: str) -> QuerySet[Decision]:
        """Every word must occur in the folded search key (agency, summary, number/symbol, year)."""
        for word in fold(value[:QUERY_MAX]).split():
            queryset = queryset.filter(search_key__contains=word)
        return queryset

    def filter_subtree(self, queryset: QuerySet[Decision], name: str, value: Agency) -> QuerySet[Decision]:
        return queryset.filter(agency__path__startswith=value.path)

    def selected(self) -> dict:
        """The values applied, for the form and the paging links: agency, year, status, query."""
        self.form.is_valid()  # validates once; values that failed are left out of cleaned_data
        data = getattr(self.form, "cleaned_data", {})
        return {
            "selected_agency": data.get("agency"),
            "year": data.get("year"),
            "status": data.get("status") or "",
            "query": (data.get("q") or "")[:QUERY_MAX],
        }
