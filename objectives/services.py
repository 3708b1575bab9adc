"""Writes for decisions, sections, objectives and targets: validated, transactional, permission-checked,
and refused when someone else changed the same record since the user loaded it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Model
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.permissions import Action, can
from agencies.wording import authority_text_for, head_title_for, heading
from objectives.amendments import amendment_fields
from objectives.doccheck import check_document
from objectives.models import (
    AppendixForm, Comparator, Decision, DecisionEvent, DecisionStatus, Measurement, Objective, Section, Target, Unit,
)
from qms_portal.text import contains_html, fold, nfc
from qms_portal.validation import clean_and_validate

# Other apps register here to follow their links when an amendment replaces a decision's targets:
# each hook receives {old_target_id: new_target_id}.
TARGET_REMAP_HOOKS: list[Callable[[dict[int, int]], None]] = []

DECISION_FIELDS = (
    "header_parent", "header_own", "symbol", "place", "doc_type", "summary", "authority", "issuer", "legal_bases", "proposal",
    "articles", "recipients", "signer_prefix", "signer_authority", "signer_title", "signer_name", "appendix_title",
    "appendix_intro", "appendix_reference", "appendix_form", "appendix_landscape",
)
SECTION_FIELDS = ("title",)
OBJECTIVE_FIELDS = ("section", "content", "measures", "responsibility", "resources", "timeframe", "evaluation", "parent_objective",
                    "qualitative")
TARGET_FIELDS = (
    "label", "comparator", "value", "upper", "unit", "unit_label", "scope", "measurement", "aggregation", "frequency",
    "source_phrase", "parent_target",
)
LIST_FIELDS = ("legal_bases", "articles", "recipients")
LIST_ITEM_MAX = 3000


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


class ConcurrentEditError(Exception):
    """Someone saved the record after the user loaded it; nothing was written."""

    def __init__(self, instance: Model, changes: list[FieldChange], by: str, at):
        super().__init__(f"{type(instance).__name__} {instance.pk} changed by {by}")
        self.instance = instance
        self.changes = changes
        self.by = by
        self.at = at


# --- helpers -------------------------------------------------------------------------------------------------


def _require(user, action: Action, obj) -> None:
    """Services re-check permissions (views check too); user=None is the system (demo data, import)."""
    if user is not None and not can(user, action, obj):
        raise PermissionDenied


def _require_draft(decision: Decision) -> None:
    if decision.status != DecisionStatus.DRAFT:
        if decision.is_issued:
            raise ValidationError(
                _("This decision has been issued and can no longer be changed. Start an amending decision instead.")
            )
        raise ValidationError(_("Only a draft can be changed. Return the decision to draft first."))


def _display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "—"
    if isinstance(value, Model):
        return str(value)
    return str(value) if value != "" else "—"


def _check_version(instance: Model, lock_version: int | None) -> None:
    """Refuse a save based on an older version, naming who changed what since."""
    if lock_version is None:
        return
    current = type(instance).objects.filter(pk=instance.pk).values_list("lock_version", flat=True).first()
    if current is None:
        raise ValidationError(_("This record was deleted by someone else in the meantime."))
    if int(lock_version) == current:
        return
    history = instance.history.model.objects.filter(id=instance.pk)
    seen = history.filter(lock_version=lock_version).order_by("-history_date").first()
    latest = history.order_by("-history_date").select_related("history_user").first()
    changes: list[FieldChange] = []
    if seen and latest:
        delta = latest.diff_against(seen, excluded_fields=["lock_version", "updated_at", "search_key"])
        for change in delta.changes:
            field = type(instance)._meta.get_field(change.field)
            changes.append(FieldChange(str(field.verbose_name), _display(change.old), _display(change.new)))
    by = latest.history_user.get_full_name() or latest.history_user.username if latest and latest.history_user else _("another user")
    raise ConcurrentEditError(instance, changes, by, latest.history_date if latest else None)


def _clean_list(values, *, name: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.splitlines()
    cleaned = []
    for item in values:
        text = nfc(str(item)).strip()
        if not text:
            continue
        if len(text) > LIST_ITEM_MAX:
            raise ValidationError({name: _("Each item may be at most %(max)d characters long.") % {"max": LIST_ITEM_MAX}})
        if contains_html(text):
            raise ValidationError({name: _("HTML tags are not allowed here; please enter plain text.")})
        cleaned.append(text)
    return cleaned


def _assign(instance: Model, fields: dict, allowed: tuple[str, ...]) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"unexpected {type(instance).__name__} field {name!r}")
        setattr(instance, name, value)


def _touch(instance: Model) -> None:
    instance.lock_version = F("lock_version") + 1


def _save(instance: Model, *, exclude: list[str] | None = None) -> None:
    clean_and_validate(instance, exclude=exclude)
    instance.save()
    instance.refresh_from_db(fields=["lock_version"])


def _decision_search_key(decision: Decision) -> str:
    parts = [decision.agency.name, decision.agency.short_name, decision.summary, decision.symbol, str(decision.year)]
    if decision.number:
        parts += [str(decision.number), f"{decision.number:02d}/{decision.symbol}"]
    return fold(" ".join(p for p in parts if p))


def _event(decision: Decision, action: str, user, *, from_status: str = "", comment: str = "") -> None:
    event = DecisionEvent(
        decision=decision, action=action, from_status=from_status, to_status=decision.status, comment=comment or "",
        user=user,
    )
    try:
        clean_and_validate(event, exclude=["decision", "user"])
    except ValidationError as exc:
        raise ValidationError({"comment": exc.message_dict.get("comment", exc.messages)}) from None
    event.save()


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


# --- decisions -----------------------------------------------------------------------------------------------


def decision_defaults(*, agency: Agency, year: int) -> dict:
    """Sensible pre-filled text for a new decision of this agency and year (as in the samples)."""
    own = agency.header_own or agency.name.upper()
    # Wording from the agency's data, upper-cased for the heading and the signer block (never lower-cased).
    issuer = agency.authority_text or authority_text_for(agency.kind, agency.name)
    head_title = heading(agency.head_title or head_title_for(agency.kind, agency.name))
    authority = heading(issuer)
    recipients_office = "VP"
    return {
        "header_parent": agency.header_parent,
        "header_own": own,
        "symbol": f"QĐ-{agency.symbol}" if agency.symbol else "QĐ",
        "place": agency.place,
        "doc_type": "QUYẾT ĐỊNH",
        "summary": f"Về việc ban hành Mục tiêu chất lượng năm {year} của {agency.name}",
        "authority": authority,
        "issuer": issuer,
        "legal_bases": [
            "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
            "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp dụng "
            "Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức "
            "thuộc hệ thống hành chính nhà nước;",
            "Căn cứ Quyết định số 101/QĐ-BKHCN ngày 21 tháng 01 năm 2019 của Bộ Khoa học và Công nghệ về việc công bố "
            "mô hình khung hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015 cho các loại hình "
            "cơ quan hành chính nhà nước tại địa phương;",
        ],
        "proposal": "Theo đề nghị của Chánh Văn phòng HĐND và UBND.",
        "articles": [
            f"Ban hành kèm theo Quyết định này Mục tiêu chất lượng năm {year} của {agency.name} theo Tiêu chuẩn "
            "quốc gia TCVN ISO 9001:2015.",
            f"Thủ trưởng các cơ quan, đơn vị căn cứ Mục tiêu chất lượng năm {year} xây dựng mục tiêu chất lượng của "
            "đơn vị, không thấp hơn mục tiêu chung, và báo cáo kết quả thực hiện hằng quý về Tổ thư ký ISO.",
            "Quyết định này có hiệu lực kể từ ngày ký.",
            "Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị và các cá nhân có liên quan chịu trách nhiệm thi hành "
            "Quyết định này./.",
        ],
        "recipients": ["Như Điều 4;", "Sở Khoa học và Công nghệ;", f"Lưu: VT, {recipients_office}."],
        "signer_prefix": "",
        "signer_authority": "",
        "signer_title": head_title,
        "signer_name": agency.head_name,
        "appendix_title": f"MỤC TIÊU CHẤT LƯỢNG NĂM {year}",
        "appendix_form": AppendixForm.TABLE,
    }


def _apply_decision_fields(decision: Decision, fields: dict) -> None:
    for name, value in fields.items():
        if name not in DECISION_FIELDS:
            raise TypeError(f"unexpected decision field {name!r}")
        if name in LIST_FIELDS:
            value = _clean_list(value, name=name)
        setattr(decision, name, value)


@transaction.atomic
def decision_create(*, agency: Agency, year: int, user=None, **fields) -> Decision:
    _require(user, Action.EDIT, agency)
    if Decision.objects.filter(agency=agency, year=year).open().exists():
        raise ValidationError(
            _("%(agency)s already has a decision for %(year)d in preparation; continue that one instead.")
            % {"agency": agency, "year": year}
        )
    if Decision.objects.filter(agency=agency, year=year).in_force().exists():
        raise ValidationError(
            _("%(agency)s already has an issued decision for %(year)d; to change it, open it and start an amendment.")
            % {"agency": agency, "year": year}
        )
    values = decision_defaults(agency=agency, year=year)
    values.update(fields)
    decision = Decision(agency=agency, year=year, created_by=user)
    _apply_decision_fields(decision, values)
    decision.search_key = _decision_search_key(decision)
    try:
        _save(decision, exclude=["search_key"])
    except IntegrityError:
        raise ValidationError(_("A decision for this agency and year is already being prepared.")) from None
    _event(decision, DecisionEvent.Action.CREATE, user)
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, user=None, lock_version: int | None = None, **fields) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require(user, Action.EDIT, decision)
    _require_draft(decision)
    _check_version(decision, lock_version)
    _apply_decision_fields(decision, fields)
    decision.search_key = _decision_search_key(decision)
    _touch(decision)
    _save(decision, exclude=["search_key", "lock_version"])
    return decision


def _transition(decision: Decision, *, user, action: Action, allowed_from: tuple[str, ...], to: str, event: str, comment: str = "") -> Decision:
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    _require(user, action, decision)
    if decision.status not in allowed_from:
        raise ValidationError(
            _("This step is not possible while the decision is \"%(status)s\".") % {"status": decision.get_status_display()}
        )
    from_status = decision.status
    decision.status = to
    _touch(decision)
    decision.save()
    decision.refresh_from_db()
    _event(decision, event, user, from_status=from_status, comment=comment)
    return decision


def _check_complete(decision: Decision) -> None:
    problems = []
    if not decision.objectives.exists():
        problems.append(_("the decision has no objectives"))
    if Target.objects.filter(objective__decision=decision).count() == 0:
        problems.append(_("no objective has a measurable target"))
    if not decision.signer_title:
        problems.append(_("the signer's title is empty"))
    if problems:
        raise ValidationError(_("The decision is not ready: %(problems)s.") % {"problems": "; ".join(problems)})


@transaction.atomic
def decision_submit(*, decision: Decision, user=None, comment: str = "") -> Decision:
    _check_complete(decision)
    return _transition(
        decision, user=user, action=Action.SUBMIT, allowed_from=(DecisionStatus.DRAFT,), to=DecisionStatus.SUBMITTED,
        event=DecisionEvent.Action.SUBMIT, comment=comment,
    )


@transaction.atomic
def decision_review(*, decision: Decision, user=None, comment: str = "") -> Decision:
    """The secretariat records that it has checked a submitted decision (the status stays)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require(user, Action.REVIEW, decision)
    if decision.status != DecisionStatus.SUBMITTED:
        raise ValidationError(_("Only a decision submitted for review can be reviewed."))
    _event(decision, DecisionEvent.Action.REVIEW, user, from_status=decision.status, comment=comment)
    return decision


@transaction.atomic
def decision_return(*, decision: Decision, user=None, comment: str) -> Decision:
    """Back to draft with the reason: the secretariat or the leader while submitted, the leader once approved."""
    if not nfc(comment or "").strip():
        raise ValidationError({"comment": _("Please say why the decision is returned.")})
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    if decision.status == DecisionStatus.SUBMITTED:
        allowed = user is None or can(user, Action.REVIEW, decision) or can(user, Action.APPROVE, decision)
    elif decision.status == DecisionStatus.APPROVED:
        allowed = user is None or can(user, Action.APPROVE, decision)
    else:
        raise ValidationError(
            _("This step is not possible while the decision is \"%(status)s\".") % {"status": decision.get_status_display()}
        )
    if not allowed:
        raise PermissionDenied
    from_status = decision.status
    decision.status = DecisionStatus.DRAFT
    _touch(decision)
    decision.save()
    decision.refresh_from_db()
    _event(decision, DecisionEvent.Action.RETURN, user, from_status=from_status, comment=comment)
    return decision


@transaction.atomic
def decision_approve(*, decision: Decision, user=None, comment: str = "") -> Decision:
    return _transition(
        decision, user=user, action=Action.APPROVE, allowed_from=(DecisionStatus.SUBMITTED,), to=DecisionStatus.APPROVED,
        event=DecisionEvent.Action.APPROVE, comment=comment,
    )


@transaction.atomic
def decision_issue(
    *, decision: Decision, user=None, number: int, issued_on: date, record_as_issued: bool = False
) -> Decision:
    """Give the decision its number and date; an amendment supersedes the decision it amends.

    Refused while the document check finds a blocking item (each named with its field). `record_as_issued`
    is for the system only (samples, imports of decisions already signed on paper): their lines are kept
    as issued and the check's findings stay visible on the decision page as warnings."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    _require(user, Action.APPROVE, decision)
    if decision.status != DecisionStatus.APPROVED:
        raise ValidationError(_("Only an approved decision can be issued."))
    if not number or int(number) < 1:
        raise ValidationError({"number": _("Enter the number of the decision (1 or more).")})
    if issued_on is None:
        raise ValidationError({"issued_on": _("Enter the date of issue.")})
    if issued_on.year not in (decision.year - 1, decision.year):
        raise ValidationError(
            {"issued_on": _("The date of issue should fall in %(year)d or late in the year before.") % {"year": decision.year}}
        )
    if not record_as_issued:
        check = check_document(decision, number=int(number), issued_on=issued_on)
        if not check.passed:
            raise ValidationError(check.errors_by_field())
    taken = Decision.objects.filter(agency=decision.agency, year=decision.year, number=number, symbol=decision.symbol)
    if taken.exclude(pk=decision.pk).exists():
        raise ValidationError({"number": _("Number %(number)02d/%(symbol)s is already used by another decision of this agency.") % {"number": int(number), "symbol": decision.symbol}})

    in_force = Decision.objects.filter(agency=decision.agency, year=decision.year).in_force().exclude(pk=decision.amends_id)
    if in_force.exists():
        raise ValidationError(
            _("Another decision for %(year)d is already in force for this agency; issue this one as an amendment of it.")
            % {"year": decision.year}
        )
    mapping: dict[int, int] = {}
    old = decision.amends
    if old is not None and old.status == DecisionStatus.ISSUED:
        old.status = DecisionStatus.SUPERSEDED
        old.lock_version = F("lock_version") + 1
        old.save()
        _event(old, DecisionEvent.Action.SUPERSEDE, user, from_status=DecisionStatus.ISSUED)
        mapping = dict(Target.objects.filter(objective__decision=decision, copied_from__isnull=False).values_list("copied_from", "id"))
        objective_map = dict(Objective.objects.filter(decision=decision, copied_from__isnull=False).values_list("copied_from", "id"))
        for old_id, new_id in mapping.items():
            Target.objects.filter(parent_target_id=old_id).update(parent_target_id=new_id)
        for old_id, new_id in objective_map.items():
            Objective.objects.filter(parent_objective_id=old_id).update(parent_objective_id=new_id)
    decision.number = int(number)
    decision.issued_on = issued_on
    decision.status = DecisionStatus.ISSUED
    decision.search_key = _decision_search_key(decision)
    _touch(decision)
    decision.save()
    decision.refresh_from_db()
    _event(decision, DecisionEvent.Action.ISSUE, user, from_status=DecisionStatus.APPROVED)
    for hook in TARGET_REMAP_HOOKS:
        if mapping:
            hook(mapping)
    return decision


@transaction.atomic
def decision_attach_scan(*, decision: Decision, user=None, scan) -> Decision:
    """Attach (or replace) the scan of the signed paper of an issued decision: a PDF, checked by content.
    Only the secretariat or a leader may; the change is kept in the history."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    if user is not None and not (can(user, Action.MANAGE, decision) or can(user, Action.APPROVE, decision)):
        raise PermissionDenied
    if not decision.is_issued:
        raise ValidationError(_("A scan can only be attached to an issued decision."))
    head = scan.read(5)
    scan.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"scan": _("The scan must be a PDF file.")})
    previous = decision.scan.name
    decision.scan.save(scan.name, scan, save=False)
    if user is not None:
        decision._history_user = user
    decision.save(update_fields=["scan", "updated_at"])
    if previous:
        storage = decision.scan.storage
        transaction.on_commit(lambda: storage.delete(previous))
    return decision


def _copy_content(source: Decision, target: Decision) -> None:
    """Copy sections, objectives and targets (one bulk insert per table)."""
    sections = list(source.sections.all())
    section_map: dict[int, Section] = {}
    new_sections = [Section(decision=target, order=s.order, title=s.title, copied_from=s) for s in sections]
    for old_section, new_section in zip(sections, Section.objects.bulk_create(new_sections)):
        section_map[old_section.pk] = new_section
    objectives = list(source.objectives.all())
    new_objectives = [
        Objective(
            decision=target, section=section_map.get(o.section_id), order=o.order, content=o.content,
            measures=o.measures, responsibility=o.responsibility, resources=o.resources, timeframe=o.timeframe,
            evaluation=o.evaluation, parent_objective_id=o.parent_objective_id, copied_from=o,
        )
        for o in objectives
    ]
    objective_map = {o.pk: n for o, n in zip(objectives, Objective.objects.bulk_create(new_objectives))}
    targets = list(Target.objects.filter(objective__decision=source))
    Target.objects.bulk_create(
        [
            Target(
                objective=objective_map[t.objective_id], order=t.order, label=t.label, comparator=t.comparator,
                value=t.value, upper=t.upper, unit=t.unit, unit_label=t.unit_label, scope=t.scope,
                measurement=t.measurement, aggregation=t.aggregation, frequency=t.frequency,
                source_phrase=t.source_phrase, parent_target_id=t.parent_target_id, copied_from=t,
            )
            for t in targets
        ]
    )


@transaction.atomic
def decision_amend(*, decision: Decision, user=None) -> Decision:
    """Start an amending decision ("sửa đổi, bổ sung") as a draft copy of an issued one."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    _require(user, Action.EDIT, decision)
    if decision.status != DecisionStatus.ISSUED:
        raise ValidationError(_("Only the issued decision in force can be amended."))
    if Decision.objects.filter(agency=decision.agency, year=decision.year).open().exists():
        raise ValidationError(_("An amendment of this decision is already in preparation."))
    fields = amendment_fields(decision, decision_defaults(agency=decision.agency, year=decision.year))
    amendment = Decision(agency=decision.agency, year=decision.year, amends=decision, created_by=user)
    _apply_decision_fields(amendment, fields)
    amendment.search_key = _decision_search_key(amendment)
    _save(amendment, exclude=["search_key"])
    _copy_content(decision, amendment)
    _event(amendment, DecisionEvent.Action.AMEND, user, comment=str(decision))
    return amendment


@transaction.atomic
def decision_copy_objectives(*, source: Decision, decision: Decision, user=None) -> int:
    """Copy another decision's sections, objectives and targets into a draft (e.g. last year's)."""
    _require(user, Action.EDIT, decision)
    _require(user, Action.VIEW, source)
    _require_draft(decision)
    if source.pk == decision.pk:
        raise ValidationError(_("A decision cannot be copied into itself."))
    offset = _next_order(decision.objectives.all()) - 1
    _copy_content(source, decision)
    if offset:
        decision.objectives.filter(copied_from__decision=source).update(order=F("order") + offset)
    # Links to another year's parent targets, and to the source's own records, do not carry over.
    copied = Target.objects.filter(objective__decision=decision, copied_from__isnull=False)
    copied.update(copied_from=None, parent_target=None)
    Objective.objects.filter(decision=decision, copied_from__isnull=False).update(copied_from=None, parent_objective=None)
    Section.objects.filter(decision=decision).update(copied_from=None)
    Decision.objects.filter(pk=decision.pk).update(lock_version=F("lock_version") + 1)
    return source.objectives.count()


# --- sections, objectives, targets ---------------------------------------------------------------------------


def _child_decision(decision: Decision, user) -> Decision:
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    _require(user, Action.EDIT, decision)
    _require_draft(decision)
    return decision


def _bump(decision: Decision) -> None:
    Decision.objects.filter(pk=decision.pk).update(lock_version=F("lock_version") + 1)


@transaction.atomic
def section_create(*, decision: Decision, user=None, title: str) -> Section:
    decision = _child_decision(decision, user)
    section = Section(decision=decision, title=title, order=_next_order(decision.sections.all()))
    _save(section)
    _bump(decision)
    return section


@transaction.atomic
def section_update(*, section: Section, user=None, lock_version: int | None = None, title: str) -> Section:
    _child_decision(section.decision, user)
    _check_version(section, lock_version)
    section.title = title
    _touch(section)
    _save(section, exclude=["lock_version"])
    _bump(section.decision)
    return section


@transaction.atomic
def section_delete(*, section: Section, user=None) -> None:
    _child_decision(section.decision, user)
    section.delete()
    _bump(section.decision)


def _check_objective_links(objective: Objective) -> None:
    if objective.section_id and objective.section.decision_id != objective.decision_id:
        raise ValidationError({"section": _("The section belongs to another decision.")})
    parent = objective.parent_objective
    if parent is not None:
        agency = objective.decision.agency
        if parent.decision.agency_id != agency.parent_id or parent.decision.year != objective.decision.year:
            raise ValidationError(
                {"parent_objective": _("Link only to an objective of the parent agency's decision for the same year.")}
            )


@transaction.atomic
def objective_create(*, decision: Decision, user=None, **fields) -> Objective:
    decision = _child_decision(decision, user)
    objective = Objective(decision=decision, order=_next_order(decision.objectives.all()))
    _assign(objective, fields, OBJECTIVE_FIELDS)
    _check_objective_links(objective)
    _save(objective)
    _bump(decision)
    return objective


@transaction.atomic
def objective_update(*, objective: Objective, user=None, lock_version: int | None = None, **fields) -> Objective:
    _child_decision(objective.decision, user)
    _check_version(objective, lock_version)
    _assign(objective, fields, OBJECTIVE_FIELDS)
    _check_objective_links(objective)
    _touch(objective)
    _save(objective, exclude=["lock_version"])
    _bump(objective.decision)
    return objective


@transaction.atomic
def objective_delete(*, objective: Objective, user=None) -> None:
    _child_decision(objective.decision, user)
    objective.delete()
    _bump(objective.decision)


def _move(instance: Model, siblings, direction: str) -> None:
    ordered = list(siblings.order_by("order", "id"))
    index = next(i for i, item in enumerate(ordered) if item.pk == instance.pk)
    swap = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."))
    if 0 <= swap < len(ordered):
        ordered[index], ordered[swap] = ordered[swap], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.order != position:
            type(item).objects.filter(pk=item.pk).update(order=position)


@transaction.atomic
def objective_move(*, objective: Objective, user=None, direction: str) -> None:
    decision = _child_decision(objective.decision, user)
    _move(objective, decision.objectives.all(), direction)
    _bump(decision)


@transaction.atomic
def section_move(*, section: Section, user=None, direction: str) -> None:
    decision = _child_decision(section.decision, user)
    _move(section, decision.sections.all(), direction)
    _bump(decision)


def _normalise_target(target: Target) -> None:
    errors: dict[str, str] = {}
    if target.comparator == Comparator.DONE:
        target.value = target.upper = None
        target.measurement = Measurement.YES_NO
    else:
        if target.value is None:
            errors["value"] = _("Enter the target value.")
        if target.comparator == Comparator.BETWEEN:
            if target.upper is None:
                errors["upper"] = _("Enter the upper value of the range.")
            elif target.value is not None and target.value > target.upper:
                errors["upper"] = _("The lower value (%(low)s) is greater than the upper value (%(high)s).") % {
                    "low": target.value, "high": target.upper,
                }
        else:
            target.upper = None
        if target.unit == Unit.PERCENT:
            for name in ("value", "upper"):
                number = getattr(target, name)
                if number is not None and not (Decimal(0) <= number <= Decimal(100)):
                    errors[name] = _("A percentage must be between 0 and 100.")
        if target.value is not None and target.value < 0:
            errors["value"] = _("The value cannot be negative.")
        if target.measurement == Measurement.YES_NO:
            errors["measurement"] = _("A numeric target cannot be measured as done / not done.")
    if errors:
        raise ValidationError(errors)


def _check_target_link(target: Target) -> None:
    parent = target.parent_target
    if parent is None:
        return
    decision = target.objective.decision
    if parent.objective.decision.agency_id != decision.agency.parent_id or parent.objective.decision.year != decision.year:
        raise ValidationError({"parent_target": _("Link only to a target of the parent agency's decision for the same year.")})


@transaction.atomic
def target_create(*, objective: Objective, user=None, **fields) -> Target:
    decision = _child_decision(objective.decision, user)
    target = Target(objective=objective, order=_next_order(objective.targets.all()))
    _assign(target, fields, TARGET_FIELDS)
    _normalise_target(target)
    _check_target_link(target)
    _save(target)
    _bump(decision)
    return target


@transaction.atomic
def target_update(*, target: Target, user=None, lock_version: int | None = None, **fields) -> Target:
    decision = _child_decision(target.objective.decision, user)
    _check_version(target, lock_version)
    _assign(target, fields, TARGET_FIELDS)
    _normalise_target(target)
    _check_target_link(target)
    _touch(target)
    _save(target, exclude=["lock_version"])
    _bump(decision)
    return target


@transaction.atomic
def target_delete(*, target: Target, user=None) -> None:
    decision = _child_decision(target.objective.decision, user)
    target.delete()
    _bump(decision)


@transaction.atomic
def target_move(*, target: Target, user=None, direction: str) -> None:
    decision = _child_decision(target.objective.decision, user)
    _move(target, target.objective.targets.all(), direction)
    _bump(decision)


# --- whole decisions from structured data (samples, import, demo) ------------------------------------------


@transaction.atomic
def decision_build(*, agency: Agency, year: int, user=None, data: dict) -> Decision:
    """Create a draft from a whole structure: decision fields plus
    sections: [{title, objectives: [...]}] and/or objectives: [{content, ..., targets: [{...}]}]."""
    fields = {k: v for k, v in data.items() if k in DECISION_FIELDS}
    decision = decision_create(agency=agency, year=year, user=user, **fields)
    for section_data in data.get("sections", []):
        section = section_create(decision=decision, user=user, title=section_data["title"])
        for objective_data in section_data.get("objectives", []):
            _build_objective(decision, user, objective_data, section)
    for objective_data in data.get("objectives", []):
        _build_objective(decision, user, objective_data, None)
    decision.refresh_from_db()
    return decision


def _build_objective(decision: Decision, user, data: dict, section: Section | None) -> Objective:
    fields = {k: v for k, v in data.items() if k in OBJECTIVE_FIELDS and k != "section"}
    objective = objective_create(decision=decision, user=user, section=section, **fields)
    for target_data in data.get("targets", []):
        values = {k: v for k, v in target_data.items() if k in TARGET_FIELDS}
        for key in ("value", "upper"):
            if values.get(key) is not None:
                values[key] = Decimal(str(values[key]))
        target_create(objective=objective, user=user, **values)
    return objective
