"""Reads for decisions: filtered lists, one decision with all its content in a fixed number of queries,
the previous year's decision, linkable parent objectives and the cascade check."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.permissions import Action, agencies_where, visible_agencies
from objectives.models import Decision, DecisionStatus, Objective, Section, Target
from objectives.targets import is_weaker_than
from qms_portal.vnformat import roman


def decisions_for_user(user) -> QuerySet[Decision]:
    return Decision.objects.filter(agency__in=visible_agencies(user)).select_related("agency")


def decision_list(user) -> QuerySet[Decision]:
    """The decisions the user may see with their objective counts, newest year first; the list page
    narrows it with objectives.filters.DecisionFilter."""
    decisions = decisions_for_user(user).annotate(objective_count=Count("objectives"))
    return decisions.order_by("-year", "agency__path", "-created_at")


def _targets_queryset() -> QuerySet[Target]:
    return Target.objects.select_related("parent_target").order_by("order", "id")


def _content_prefetches() -> list[Prefetch]:
    return [
        Prefetch("sections", queryset=Section.objects.order_by("order", "id")),
        Prefetch(
            "objectives",
            # Sections come from their own prefetch (objective_blocks groups by section_id): no join here.
            queryset=Objective.objects.order_by("order", "id").prefetch_related(
                Prefetch("targets", queryset=_targets_queryset())
            ),
        ),
    ]


def decision_with_content(queryset: QuerySet[Decision] | None = None) -> QuerySet[Decision]:
    """Decisions with sections, objectives and targets (with their parent targets): four queries in all."""
    queryset = queryset if queryset is not None else Decision.objects.all()
    return queryset.select_related("agency", "amends").prefetch_related(*_content_prefetches())


def decision_for_page() -> QuerySet[Decision]:
    """A decision with its agency and the decision it amends, without its content (see `read_content`)."""
    return Decision.objects.select_related("agency", "amends")


def read_content(decision: Decision) -> Decision:
    """Read the content of a decision read by `decision_for_page` as `decision_with_content` would (three queries)."""
    prefetch_related_objects([decision], *_content_prefetches())
    return decision


@dataclass
class SectionBlock:
    section: Section | None
    objectives: list[Objective] = field(default_factory=list)
    roman: str = ""


def objective_blocks(decision: Decision) -> list[SectionBlock]:
    """Objectives grouped by section in document order; objectives without a section come first."""
    blocks: list[SectionBlock] = [SectionBlock(None)]
    by_section: dict[int, SectionBlock] = {}
    for section in decision.sections.all():
        block = SectionBlock(section)
        by_section[section.pk] = block
        blocks.append(block)
    for objective in decision.objectives.all():
        (by_section.get(objective.section_id) or blocks[0]).objectives.append(objective)
    if not blocks[0].objectives:
        blocks.pop(0)
    number = 0
    for index, block in enumerate(b for b in blocks if b.section is not None):
        block.roman = roman(index + 1)
    for block in blocks:
        for objective in block.objectives:
            number += 1
            objective.number = number
    return blocks


def weaker_targets(decision: Decision) -> list[tuple[Target, Target]]:
    """(unit target, parent target) pairs where the unit asks for less than the parent (uses prefetched data)."""
    pairs = []
    for objective in decision.objectives.all():
        for target in objective.targets.all():
            if target.parent_target is not None and is_weaker_than(target, target.parent_target):
                pairs.append((target, target.parent_target))
    return pairs


def previous_decision(decision: Decision) -> Decision | None:
    """The agency's decision in force of the most recent earlier year, to copy from: the issued amendment,
    never the decision it superseded."""
    return Decision.objects.filter(agency=decision.agency, year__lt=decision.year).in_force().order_by("-year").first()


def parent_in_force(decision: Decision) -> Decision | None:
    """The parent agency's decision in force for the same year (what this one's targets implement)."""
    if not decision.agency.parent_id:
        return None
    return Decision.objects.filter(
        agency_id=decision.agency.parent_id, year=decision.year, status=DecisionStatus.ISSUED
    ).first()


def linkable_parent_targets(decision: Decision) -> QuerySet[Target]:
    parent = parent_in_force(decision)
    if parent is None:
        return Target.objects.none()
    return (
        Target.objects.filter(objective__decision=parent)
        .select_related("objective")
        .order_by("objective__order", "order")
    )


def linkable_parent_objectives(decision: Decision) -> QuerySet[Objective]:
    parent = parent_in_force(decision)
    if parent is None:
        return Objective.objects.none()
    return Objective.objects.filter(decision=parent).order_by("order", "id")


@dataclass
class CascadeReport:
    agency: Agency
    year: int
    units_without_decision: list[Agency]
    drafts: list[Decision]
    weaker: list[tuple[Target, Target]]


def cascade_report(user, *, agency: Agency, year: int) -> CascadeReport:
    """For the secretariat: units of a subtree with no decision for the year, decisions still in
    preparation, and every unit target weaker than the parent target it implements. Fixed query count."""
    reachable = agencies_where(user, Action.REVIEW)
    units = list(reachable.filter(path__startswith=agency.path, dissolved_on__isnull=True).order_by("path"))
    decisions = list(
        Decision.objects.filter(agency__in=[u.pk for u in units], year=year)
        .exclude(status=DecisionStatus.SUPERSEDED)
        .select_related("agency")
    )
    with_decision = {d.agency_id for d in decisions}
    weaker = [
        (t, t.parent_target)
        for t in Target.objects.filter(
            objective__decision__in=[d.pk for d in decisions], parent_target__isnull=False
        ).select_related("parent_target", "objective__decision__agency")
        if is_weaker_than(t, t.parent_target)
    ]
    return CascadeReport(
        agency=agency,
        year=year,
        units_without_decision=[u for u in units if u.pk not in with_decision],
        drafts=[d for d in decisions if d.status != DecisionStatus.ISSUED],
        weaker=weaker,
    )


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _shown(field_obj, value) -> str:
    """A recorded value as the user knows it: a status by its label, a date as dd/mm/yyyy, yes/no."""
    if value is None or value == "":
        return ""
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%d/%m/%Y %H:%M")
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def decision_history(decision: Decision) -> list[dict]:
    """Every recorded change of the decision and its content, newest first (five queries)."""
    rows = []
    models = [
        (Decision.history.model.objects.filter(id=decision.pk), None),
        (Section.history.model.objects.filter(decision_id=decision.pk), "section"),
        (Objective.history.model.objects.filter(decision_id=decision.pk), "objective"),
        (
            Target.history.model.objects.filter(
                objective_id__in=list(decision.objectives.values_list("pk", flat=True))
            ),
            "target",
        ),
    ]
    for queryset, kind in models:
        previous: dict[int, object] = {}
        for record in queryset.order_by("history_date", "history_id"):
            before = previous.get(record.id)
            changes = []
            if before is not None and record.history_type == "~":
                delta = record.diff_against(before, excluded_fields=["lock_version", "updated_at", "search_key"])
                for change in delta.changes:
                    field_obj = record.instance_type._meta.get_field(change.field)
                    changes.append(
                        (str(field_obj.verbose_name), _shown(field_obj, change.old), _shown(field_obj, change.new))
                    )
            previous[record.id] = record
            if record.history_type == "~" and not changes:
                continue
            label = record.summary if kind is None else str(record.instance)  # a decision's __str__ would query
            rows.append({"record": record, "kind": kind, "changes": changes, "object": label[:90]})
    rows.sort(key=lambda row: row["record"].history_date, reverse=True)
    return rows


def agency_choices_for_new_decision(user) -> QuerySet[Agency]:
    return agencies_where(user, Action.EDIT).filter(dissolved_on__isnull=True).order_by("path")


def open_decision(agency: Agency, year: int) -> Decision | None:
    return Decision.objects.filter(agency=agency, year=year).open().first()
