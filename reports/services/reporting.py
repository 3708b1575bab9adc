"""Writes for progress reports: save and submit (validated per row, all or nothing), review, reopen,
due dates, and following amended targets. One line's arithmetic is in reports.services.lines, the checks
of evidence files in reports.services.uploads, reminders in reports.services.reminders; everything is
importable from reports.services."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.permissions import Action, recorded_user, require, require_step
from objectives.models import Comparator, Measurement
from qms_portal import audit
from qms_portal.refusals import WorkflowError
from qms_portal.text import contains_html, nfc
from qms_portal.validation import clean_and_validate
from reports import periods, rollup_store, selectors, steps
from reports.models import DueDateOverride, Evidence, Period, Report, ReportEvent, ReportLine, ReportStatus
from reports.services.lines import LineInput, clean_line, compute_line, earlier_sums, number_errors
from reports.services.uploads import MAX_FILES_PER_REPORT, check_files


class StaleReportError(Exception):
    """Someone saved the report after the user loaded it; nothing was written."""

    def __init__(self, report: Report | None):
        self.report = report
        if report is not None and report.updated_at:
            who = _("someone else")
            last = report.events.select_related("user").order_by("-created_at", "-id").first()
            if last and last.user:
                who = last.user.get_full_name() or last.user.username
            when = timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y")
            self.message = _(
                "%(who)s changed this report at %(when)s, after you opened it. Your changes were not saved; "
                "copy what you typed, reload the page and enter it again."
            ) % {"who": who, "when": when}
        else:
            self.message = _(
                "Someone else changed this report after you opened it. Your changes were not saved; "
                "reload the page and enter them again."
            )
        super().__init__(self.message)


# --- helpers -------------------------------------------------------------------------------------------------


def _event(report: Report, action: str, user, comment: str = "") -> None:
    from reports.inbox.services import notify_report_event

    notify_report_event(
        ReportEvent.objects.create(report=report, action=action, user=recorded_user(user), comment=comment)
    )


def _clean_comment(text: str, *, required: bool, field_name: str = "comment") -> str:
    text = nfc(text or "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationError({field_name: _("Please write a comment; the unit head will read it.")})
    if contains_html(text):
        raise ValidationError({field_name: _("HTML tags are not allowed here; please enter plain text.")})
    if len(text) > 3000:
        raise ValidationError({field_name: _("At most 3,000 characters, please.")})
    return text


def _locked(report: Report, lock_version: int | None) -> Report:
    current = Report.objects.select_for_update().select_related("agency").get(pk=report.pk)
    if lock_version is not None and int(lock_version) != current.lock_version:
        raise StaleReportError(current)
    return current


def _bump(report: Report) -> None:
    report.lock_version += 1


@audit.service
def report_save(
    *,
    agency: Agency,
    year: int,
    period: str,
    user,
    lines: dict[int, LineInput],
    note: str = "",
    lock_version: int | None = None,
    submit: bool = False,
    files=(),
    remove_files=(),
    today: date | None = None,
) -> Report:
    """Save the unit head's report as a draft, or submit it. All rows are checked together and nothing is
    written if any row is wrong; errors are keyed "t<target id>-<field>" so the form shows them per row.
    A report changed by someone else since `lock_version` is refused (StaleReportError)."""
    require(user, Action.REPORT, agency)
    if period not in Period.values:
        raise ValidationError(_("Unknown reporting period."))
    today = today or timezone.localdate()
    if not periods.has_started(year, period, today):
        raise WorkflowError(
            _("This period has not started yet; it can be reported from %(date)s.")
            % {"date": periods.start(year, period).strftime("%d/%m/%Y")},
            "not-started",
        )
    targets = {t.pk: t for t in selectors.reporting_targets(agency, year, period)}
    if not targets:
        raise ValidationError(_("%(agency)s has no targets to report for this period.") % {"agency": agency})
    unknown = set(lines) - set(targets)
    if unknown:
        raise ValidationError(_("The form refers to targets that are not part of this report; reload the page."))

    report = Report.objects.select_for_update().filter(agency=agency, year=year, period=period).first()
    created = report is None
    if created:
        if lock_version not in (None, 0):
            raise StaleReportError(None)
        report = Report(agency=agency, year=year, period=period, status=ReportStatus.DRAFT, lock_version=0)
    else:
        if lock_version is not None and int(lock_version) != report.lock_version:
            raise StaleReportError(report)
        if not report.is_editable:
            raise WorkflowError(
                _("This report is %(status)s and can no longer be changed; ask the secretariat to return or reopen it.")
                % {"status": report.get_status_display().lower()},
                "not-editable",
            )

    errors: dict[str, str] = {}
    sums = earlier_sums(agency, year, period, targets)
    existing = {line.target_id: line for line in report.lines.all()} if not created else {}
    to_save: list[ReportLine] = []
    for target_id, target in targets.items():
        data = lines.get(target_id, LineInput())
        prefix = f"t{target_id}"
        errors.update(number_errors(target, data, prefix, submit))
        line = existing.get(target_id) or ReportLine(target=target)
        for name in ("numerator", "denominator", "value", "done", "previous_value", "evidence", "cause", "action"):
            setattr(line, name, getattr(data, name))
        if target.measurement != Measurement.RATIO:
            line.numerator = line.denominator = None
        if target.measurement != Measurement.VALUE:
            line.value = None
        if target.measurement != Measurement.YES_NO:
            line.done = None
        if target.comparator != Comparator.REDUCE_BY:
            line.previous_value = None
        errors.update(clean_line(line, prefix))
        if any(key.startswith(prefix + "-") for key in errors):
            continue
        line.result, line.met = compute_line(target, LineInput.from_line(line), period, sums.get(target_id))
        if submit and line.met is False:
            if not line.cause:
                errors[f"{prefix}-cause"] = _("The target is not met: write the cause (nguyên nhân).")
            if not line.action:
                errors[f"{prefix}-action"] = _(
                    "The target is not met: write the corrective action (biện pháp khắc phục)."
                )
        to_save.append(line)

    report.note = note
    try:
        clean_and_validate(report, exclude=["agency", "lock_version"])
    except ValidationError as error:
        errors.update({name: messages[0] for name, messages in error.message_dict.items()})
    removing = list(report.evidence_files.filter(pk__in=list(remove_files))) if not created and remove_files else []
    kept = (report.evidence_files.count() if not created else 0) - len(removing)
    checked = check_files(files, errors)
    if kept + len(checked) > MAX_FILES_PER_REPORT:
        errors.setdefault("files", _("A report can hold at most %(max)d files.") % {"max": MAX_FILES_PER_REPORT})
    if errors:
        raise ValidationError(errors)

    _bump(report)
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = recorded_user(user)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise StaleReportError(None) from None
    for line in to_save:
        line.report = report
        line.save()
    for evidence in removing:
        # The file goes only once the removal is committed: a rollback must not lose it.
        storage, name = evidence.file.storage, evidence.file.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        evidence.delete()
    for upload, mime in checked:
        evidence = Evidence.from_upload(upload, mime, uploaded_by=recorded_user(user), report=report)
        evidence.save()
    if created:
        _event(report, ReportEvent.Action.CREATE, user)
    _event(report, ReportEvent.Action.SUBMIT if submit else ReportEvent.Action.SAVE, user)
    return report


def report_submit(*, report: Report, user, lock_version: int | None = None, today: date | None = None) -> Report:
    """Submit a saved draft as it stands (the same checks as the form)."""
    lines = {line.target_id: LineInput.from_line(line) for line in report.lines.all()}
    return report_save(
        agency=report.agency,
        year=report.year,
        period=report.period,
        user=user,
        lines=lines,
        note=report.note,
        lock_version=report.lock_version if lock_version is None else lock_version,
        submit=True,
        today=today,
    )


# --- review --------------------------------------------------------------------------------------------------


def _review(report: Report, user, *, to: str, action: str, comment: str) -> Report:
    report.status = to
    report.reviewed_at = timezone.now()
    report.reviewed_by = recorded_user(user)
    report.review_comment = comment
    _bump(report)
    report.save()
    _event(report, action, user, comment)
    return report


@audit.service
def report_accept(*, report: Report, user, lock_version: int | None = None, comment: str = "") -> Report:
    report = _locked(report, lock_version)
    require_step(user, report, steps.ACCEPT)
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(_("Only a submitted report can be accepted."), "not-submitted")
    comment = _clean_comment(comment, required=False)
    accepted = _review(report, user, to=ReportStatus.ACCEPTED, action=ReportEvent.Action.ACCEPT, comment=comment)
    rollup_store.invalidate(agency=accepted.agency, year=accepted.year)  # its lines now count above it
    # Each missed target gets a corrective action, unless one is already open for it (reports/actions/).
    from reports.actions.services import open_for_missed_targets

    open_for_missed_targets(report=accepted, user=user)
    return accepted


@audit.service
def report_return(*, report: Report, user, comment: str, lock_version: int | None = None) -> Report:
    """Send a submitted report back to the unit head with what to correct."""
    report = _locked(report, lock_version)
    require_step(user, report, steps.RETURN)
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(
            _("Only a submitted report can be returned; reopen an accepted one instead."), "not-submitted"
        )
    comment = _clean_comment(comment, required=True)
    return _review(report, user, to=ReportStatus.RETURNED, action=ReportEvent.Action.RETURN, comment=comment)


@audit.service
def report_reopen(*, report: Report, user, reason: str, lock_version: int | None = None) -> Report:
    """Make an accepted report editable again; the reason is recorded and shown to the unit head."""
    report = _locked(report, lock_version)
    require_step(user, report, steps.REOPEN)
    if report.status != ReportStatus.ACCEPTED:
        raise WorkflowError(_("Only an accepted report can be reopened."), "not-accepted")
    try:
        reason = _clean_comment(reason, required=True, field_name="reason")
    except ValidationError as error:
        if "reason" in error.message_dict and not reason:
            raise ValidationError({"reason": _("Give the reason for reopening; it is recorded.")}) from None
        raise
    report.status = ReportStatus.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = recorded_user(user)
    report.review_comment = reason
    _bump(report)
    report.save()
    _event(report, ReportEvent.Action.REOPEN, user, reason)
    rollup_store.invalidate(agency=report.agency, year=report.year)  # its lines no longer count
    return report


# --- due dates -----------------------------------------------------------------------------------------------


@audit.service
def due_date_set(*, agency: Agency, year: int, period: str, due_on: date | None, user) -> DueDateOverride | None:
    """Set the due date of a period for an agency's subtree; None goes back to the default."""
    require(user, Action.MANAGE, agency)
    if period not in Period.values:
        raise ValidationError(_("Unknown reporting period."))
    existing = DueDateOverride.objects.filter(agency=agency, year=year, period=period).first()
    if due_on is None or due_on == periods.default_due(year, period) and agency.parent_id is None:
        if existing:
            existing.delete()
        return None
    if due_on < periods.start(year, period) or due_on > periods.end(year, period) + timedelta(days=366):
        raise ValidationError(
            {"due_on": _("The due date must fall after the period starts and within a year of its end.")}
        )
    override = existing or DueDateOverride(agency=agency, year=year, period=period)
    override.due_on = due_on
    override.set_by = recorded_user(user)
    clean_and_validate(override)
    override.save()
    return override


# --- amended decisions ---------------------------------------------------------------------------------------


def remap_targets(mapping: dict[int, int]) -> None:
    """Registered in TARGET_REMAP_HOOKS: when an amending decision is issued, report lines follow the old
    targets to their copies, and whether each is met is judged again against the new wording. Both steps
    leave history rows (qms_portal.audit), credited to whoever issued the amendment."""
    moved = [
        new for old, new in mapping.items() if audit.update(ReportLine.objects.filter(target_id=old), target_id=new)
    ]
    if not moved:
        return
    lines = list(ReportLine.objects.filter(target_id__in=moved).select_related("report", "report__agency", "target"))
    for line in lines:
        report = line.report
        sums = earlier_sums(report.agency, report.year, report.period, {line.target_id: line.target})
        line.result, line.met = compute_line(
            line.target, LineInput.from_line(line), report.period, sums.get(line.target_id)
        )
    audit.bulk_update(ReportLine, lines, ["result", "met"])
