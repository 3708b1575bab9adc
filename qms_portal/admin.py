"""Admin helpers shared by the apps."""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdminMixin:
    """For records that only the application's services may write (workflow, reports, audit trail): the admin
    shows them, with their history, but cannot add, change or delete them behind the services' back."""

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
