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


class ObjectivesConfig(AppConfig):
    name = "objectives"
    verbose_name = _("Quality objectives")

    def ready(self):
        from objectives.importer import messages

        messages.set_translator(translate_importer_message)
