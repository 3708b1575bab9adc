"""Admin screens for agencies and memberships; writes go through the services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies import services
from agencies.models import Agency, Membership
from qms_portal import audit
from qms_portal.admin import HistoryAdmin


class MembershipInline(admin.TabularInline):
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


@admin.register(Agency)
class AgencyAdmin(HistoryAdmin):
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
        values = {name: form.cleaned_data[name] for name in services.AGENCY_FIELDS if name in form.cleaned_data}
        if change:
            services.agency_update(agency=obj, parent=form.cleaned_data.get("parent"), **values)
        else:
            code = values.pop("code")
            name = values.pop("name")
            kind = values.pop("kind")
            saved = services.agency_create(code=code, name=name, kind=kind, parent=form.cleaned_data.get("parent"), **values)
            obj.pk = saved.pk
            obj.path, obj.depth, obj.search_key = saved.path, saved.depth, saved.search_key
        if "merged_into" in form.cleaned_data:
            audit.update(Agency.objects.filter(pk=obj.pk), merged_into=form.cleaned_data["merged_into"])


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "agency", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "agency__name", "agency__code"]
    autocomplete_fields = ["user", "agency"]
