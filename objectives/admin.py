"""Admin for decisions and their content: view-only, with history. Decisions are written through the
application (its services validate, check the workflow and keep issued decisions frozen)."""

from django.contrib import admin

from objectives.models import Decision, DecisionEvent, Objective, PrintBatch, PrintImage, Section, Target
from qms_portal.admin import HistoryAdmin, ReadOnlyAdminMixin


class SectionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Section
    fields = ["order", "title"]


class EventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DecisionEvent
    fields = ["created_at", "action", "from_status", "to_status", "user", "comment"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["__str__", "agency", "year", "status", "number", "issued_on", "updated_at"]
    list_filter = ["status", "year"]
    search_fields = ["search_key", "agency__code"]
    list_select_related = ["agency"]
    inlines = [SectionInline, EventInline]


@admin.register(Objective)
class ObjectiveAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["__str__", "decision", "order", "section"]
    list_select_related = ["decision__agency", "section"]
    search_fields = ["content"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["__str__", "label", "objective", "frequency", "aggregation"]
    list_filter = ["comparator", "unit", "frequency"]
    list_select_related = ["objective__decision__agency"]
    search_fields = ["label", "source_phrase"]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["title", "decision", "order"]
    list_select_related = ["decision__agency"]


@admin.register(DecisionEvent)
class DecisionEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["decision", "action", "user", "created_at"]
    list_filter = ["action"]
    list_select_related = ["decision__agency", "user"]


@admin.register(PrintImage)
class PrintImageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["agency", "kind", "signer_name", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]


@admin.register(PrintBatch)
class PrintBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["agency", "year", "status", "done", "total", "requested_by", "created_at"]
    list_filter = ["status", "year"]


# Signed originals (issue 14) keep their admin screens in their own module.
import objectives.signing.admin  # noqa: E402, F401
