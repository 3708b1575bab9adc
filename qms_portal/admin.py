"""Admin helpers shared by the apps."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdminMixin:
    """For records that only the application's services may write (workflow, reports, audit trail): the admin
    shows them, with their history, but cannot add, change or delete them behind the services' back."""

    def get_readonly_fields(self, request, obj=None):
        # Every shown field read-only: a non-editable one (created_at) in `fields` would otherwise be a FieldError.
        declared = self.fields or [f.name for f in self.model._meta.fields] + [f.name for f in self.model._meta.many_to_many]
        return [*super().get_readonly_fields(request, obj), *declared]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """History in the admin is for reading: no revert (a revert would write behind the services' back), and the
    history rows themselves can never be edited or deleted (the database refuses too: qms_portal.dbguards)."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def _valid_keys(widget, value):
    """The submitted values the related model's key can hold: an autocomplete widget re-rendering a refused
    form would otherwise query the database with "NaN" or a 40-digit number and fail."""
    remote = widget.field.remote_field
    key = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
    kept = []
    for item in value:
        try:
            number = key.to_python(item)
        except Exception:  # noqa: BLE001 - any value the key cannot hold is simply not shown
            continue
        if not isinstance(number, int) or -(2**63) <= number < 2**63:
            kept.append(item)
    return kept


class _SafeAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self, value), attr)


class _SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self, value), attr)


class SafeAutocompleteMixin:
    """Autocomplete fields that survive tampered values (for ModelAdmin and inlines)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
