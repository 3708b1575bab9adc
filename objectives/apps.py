"""App configuration for objectives."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def translate_importer_message(message: str) -> str:
    """Translate an importer warning with Django's gettext in the active language.

    Until the vi catalogue has a msgid, gettext hands the English msgid back: in Vietnamese, take the
    importer's built-in Vietnamese text then, so a warning is never shown in English to a Vietnamese user.
    """
    from django.utils import translation

    from objectives.importer import messages

    text = translation.gettext(message)
    if text == message and (translation.get_language() or "").lower().split("-")[0] == "vi":
        return messages.vietnamese(message)
    return text


def install_database_guards(sender, using="default", apps=None, **kwargs) -> None:
    """After every `migrate`: the triggers of qms_portal.dbguards, matching the schema as migrated."""
    from django.db import connections

    from qms_portal import dbguards

    dbguards.install_if_ready(connections[using], apps=apps)


def record_links_cleared_by_user_deletion(sender, instance, **kwargs) -> None:
    """Users are deleted in the admin, not through a service: the records they created or uploaded lose the
    link (SET_NULL) with a history row each, so the trail stays complete (manage.py check_audit)."""
    from qms_portal import audit

    audit.record_cleared_links(instance)


class ObjectivesConfig(AppConfig):
    name = "objectives"
    verbose_name = _("Quality objectives")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_migrate, pre_delete

        from objectives.importer import messages

        messages.set_translator(translate_importer_message)
        post_migrate.connect(install_database_guards, sender=self)
        pre_delete.connect(record_links_cleared_by_user_deletion, sender=settings.AUTH_USER_MODEL)
