"""App configuration for reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Progress reports")

    def ready(self) -> None:
        from objectives.services import TARGET_REMAP_HOOKS
        from reports.services import remap_targets

        # Report lines follow their targets when an amending decision replaces them.
        if remap_targets not in TARGET_REMAP_HOOKS:
            TARGET_REMAP_HOOKS.append(remap_targets)

        from objectives.services import DECISION_EVENT_HOOKS
        from reports.inbox.services import notify_decision_event

        # Every decision workflow step tells the people concerned (in the app, then by e-mail).
        if notify_decision_event not in DECISION_EVENT_HOOKS:
            DECISION_EVENT_HOOKS.append(notify_decision_event)

        from reports.actions import inbox as action_inbox

        # Overdue corrective actions and actions to verify show in the inbox and its navigation count.
        action_inbox.register()
