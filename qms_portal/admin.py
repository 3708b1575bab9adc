"""Admin helpers shared by the apps."""


class ReadOnlyAdminMixin:
    """For records that only the application's services may write (workflow, reports, audit trail): the admin
    shows them, with their history, but cannot add, change or delete them behind the services' back."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
