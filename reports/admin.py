"""Admin for progress reports: every model, read-only (the services write them), with history."""

from django.contrib import admin

from qms_portal.admin import HistoryAdmin, ReadOnlyAdminMixin
from reports.models import DueDateOverride, Evidence, Reminder, Report, ReportEvent, ReportLine


class ReportLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReportLine
    extra = 0
    raw_id_fields = ["target"]
    readonly_fields = ["result", "met"]


class ReportEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ["action", "comment", "user", "created_at"]
    can_delete = False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["agency", "year", "period", "status", "submitted_at", "reviewed_at"]
    list_filter = ["year", "period", "status"]
    search_fields = ["agency__name", "agency__code"]
    raw_id_fields = ["agency", "submitted_by", "reviewed_by"]
    readonly_fields = ["lock_version", "created_at", "updated_at"]
    inlines = [ReportLineInline, ReportEventInline]


@admin.register(ReportLine)
class ReportLineAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["report", "target", "numerator", "denominator", "value", "done", "result", "met"]
    list_filter = ["met", "report__year", "report__period"]
    raw_id_fields = ["report", "target"]
    readonly_fields = ["result", "met"]


@admin.register(ReportEvent)
class ReportEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["report", "action", "user", "created_at"]
    list_filter = ["action"]
    raw_id_fields = ["report", "user"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["original_name", "report", "content_type", "size", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["report", "uploaded_by"]


@admin.register(DueDateOverride)
class DueDateOverrideAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["agency", "year", "period", "due_on", "set_by"]
    list_filter = ["year", "period"]
    raw_id_fields = ["agency", "set_by"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["agency", "year", "period", "kind", "email", "sent_on", "sent_by"]
    list_filter = ["kind", "year", "period"]
    raw_id_fields = ["agency", "recipient", "sent_by"]


# --- corrective actions (reports/actions/) ---------------------------------------------------------------------

from reports.actions.models import ActionEvidence, ActionReminder, CorrectiveAction  # noqa: E402


@admin.register(CorrectiveAction)
class CorrectiveActionAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["title", "agency", "source", "status", "due_on", "owner"]
    list_filter = ["status", "source"]
    search_fields = ["title", "agency__name", "agency__code"]
    raw_id_fields = ["agency", "report_line", "target", "owner", "verified_by", "created_by"]


@admin.register(ActionEvidence)
class ActionEvidenceAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["original_name", "action", "content_type", "size", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["action", "uploaded_by"]


@admin.register(ActionReminder)
class ActionReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["action", "kind", "due_on", "email", "sent_on"]
    list_filter = ["kind"]
    raw_id_fields = ["action", "recipient"]
