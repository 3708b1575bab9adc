"""Admin screens for agencies and memberships; writes go through the services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agencies import services
from agencies.models import Agency, Membership
from qms_portal import audit
from qms_portal.admin import HistoryAdmin, SafeAutocompleteMixin


class _DryRun(Exception):
    pass


def _save_through_services(agency: Agency, cleaned: dict) -> Agency:
    values = {name: cleaned[name] for name in services.AGENCY_FIELDS if name in cleaned}
    if agency.pk:
        return services.agency_update(agency=agency, parent=cleaned.get("parent"), **values)
    code, name, kind = values.pop("code"), values.pop("name"), values.pop("kind")
    return services.agency_create(code=code, name=name, kind=kind, parent=cleaned.get("parent"), **values)


class MembershipInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class AgencyAdminForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        agency = self.instance
        for name in ("parent", "merged_into"):
            other = cleaned.get(name)
            if agency.pk and other is not None and (other.pk == agency.pk or other.is_in_subtree_of(agency)):
                self.add_error(name, ValidationError(_("An agency cannot be placed under itself or one of its own units.")))
        return cleaned

    def _post_clean(self):
        """Run the service in a savepoint that is rolled back, so that its refusals (markup in a name, a
        control character) show on the form instead of failing in save_model()."""
        super()._post_clean()
        if self.errors:
            return
        try:
            with transaction.atomic():
                fresh = Agency.objects.get(pk=self.instance.pk) if self.instance.pk else Agency()
                _save_through_services(fresh, self.cleaned_data)
                raise _DryRun
        except _DryRun:
            pass
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Agency)
class AgencyAdmin(SafeAutocompleteMixin, HistoryAdmin):
    form = AgencyAdminForm
    list_display = ["code", "name", "kind", "parent", "dissolved_on"]
    list_filter = ["kind", ("dissolved_on", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name", "short_name", "search_key"]
    autocomplete_fields = ["parent", "merged_into", "split_into"]
    inlines = [MembershipInline]
    fields = [
        "code", "name", "short_name", "kind", "parent", "header_parent", "header_own", "symbol", "place",
        "dissolved_on", "merged_into", "split_into",
    ]

    def save_model(self, request, obj, form, change):
        saved = _save_through_services(obj if change else Agency(), form.cleaned_data)
        if not change:
            obj.pk = saved.pk
            obj.path, obj.depth, obj.search_key = saved.path, saved.depth, saved.search_key
        if "merged_into" in form.cleaned_data:
            audit.update(Agency.objects.filter(pk=obj.pk), merged_into=form.cleaned_data["merged_into"])


@admin.register(Membership)
class MembershipAdmin(SafeAutocompleteMixin, HistoryAdmin):
    list_display = ["user", "agency", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "agency__name", "agency__code"]
    autocomplete_fields = ["user", "agency"]
