"""Reminder e-mails to unit heads: the daily job (before and after due dates) and the ones the
secretariat sends from the status grid. Recorded before sending under unique constraints, so the same
reminder is never sent twice.

Why the transaction ends where it ends: the reminders are recorded in a transaction (the unique
constraints decide which are new); the e-mail is built and sent after that commits (slow I/O never
holds the rows, and a rolled-back run sends nothing). A send that fails removes its records, so the
next run tries again. Each e-mail is built wholly in its recipient's language, whatever the language
of the secretariat member who clicked."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from agencies.models import Agency, Membership, Role
from agencies.permissions import Action, recorded_user, require
from reports import periods, selectors
from reports.models import DONE_STATUSES, Reminder, Report

logger = logging.getLogger(__name__)

REMIND_BEFORE_DAYS = 3
OVERDUE_WINDOW_DAYS = 45  # older overdue periods are chased by hand from the grid, not by the daily job


@dataclass
class ReminderRun:
    sent: list[Reminder] = field(default_factory=list)
    already: int = 0
    no_recipient: list[Agency] = field(default_factory=list)
    failed: int = 0


def unit_heads(agency_ids) -> dict[int, list]:
    """Active unit heads with an e-mail address, per agency (one query)."""
    heads: dict[int, list] = {}
    for m in (
        Membership.objects.filter(agency_id__in=list(agency_ids), role=Role.UNIT_HEAD, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    ):
        heads.setdefault(m.agency_id, []).append(m.user)
    return heads


@dataclass
class ReminderItem:
    year: int
    period: str
    kind: str
    due: date
    badge: selectors.StatusBadge  # its label is read when the e-mail is built, in the recipient's language

    @property
    def period_label(self) -> str:
        return periods.label(self.period)


def recipient_language(user) -> str:
    """The language of the e-mails to this user: every recipient reads Vietnamese (users do not store a
    language of their own yet; issue 12's notification settings will)."""
    return settings.LANGUAGE_CODE


def _email(*, agency: Agency, user, items: list[ReminderItem], today: date) -> tuple[str, str]:
    """Subject and body, every word (period names, statuses, dates) in the recipient's language."""
    with translation.override(recipient_language(user)):
        rows = [
            {
                "period": item.period_label,
                "year": item.year,
                "due": item.due,
                "status": item.badge.label,
                "overdue": today > item.due,
                "url": settings.SITE_URL + selectors.report_url(agency.pk, item.year, item.period),
            }
            for item in items
        ]
        context = {
            "agency": agency,
            "name": user.get_full_name() or user.username,
            "rows": rows,
            "overdue": any(row["overdue"] for row in rows),
            "first": rows[0],
            "count": len(rows),
        }
        subject = " ".join(render_to_string("reports/email/reminder_subject.txt", context).split())
        body = render_to_string("reports/email/reminder.txt", context)
    return subject, body


def _record(*, agency: Agency, user, items: list[ReminderItem], today: date, sent_by=None) -> list[Reminder]:
    """Record the reminders of one e-mail; one already recorded (unique constraint) is left out."""
    created: list[Reminder] = []
    with transaction.atomic():
        for item in items:
            try:
                with transaction.atomic():
                    created.append(
                        Reminder.objects.create(
                            agency=agency,
                            year=item.year,
                            period=item.period,
                            kind=item.kind,
                            recipient=user,
                            email=user.email,
                            sent_on=today,
                            sent_by=recorded_user(sent_by),
                        )
                    )
            except IntegrityError:
                continue
    return created


def _send_after_commit(
    run: "ReminderRun", *, agency: Agency, user, items: list[ReminderItem], created: list[Reminder], today: date
) -> None:
    """Once the records are committed: build the e-mail in the recipient's language and send it; if
    sending fails, remove the records so that the next run retries."""
    recorded = {(r.year, r.period) for r in created}
    items = [item for item in items if (item.year, item.period) in recorded]

    def send() -> None:
        try:
            subject, body = _email(agency=agency, user=user, items=items, today=today)
            send_mail(subject, body, None, [user.email])
        except Exception:
            logger.exception("Reminder to %s about %s failed", user.email, agency.code)
            Reminder.objects.filter(pk__in=[r.pk for r in created]).delete()
            run.failed += len(created)
        else:
            run.sent.extend(created)

    transaction.on_commit(send)


def _deliver(
    run: "ReminderRun",
    agency: Agency,
    recipients: list,
    items: list[ReminderItem],
    today: date,
    *,
    sent_by=None,
    already: set | None = None,
) -> None:
    if not recipients:
        run.no_recipient.append(agency)
        return
    for user in recipients:
        todo = [i for i in items if not already or (agency.pk, i.year, i.period, i.kind, user.pk) not in already]
        run.already += len(items) - len(todo)
        if not todo:
            continue
        created = _record(agency=agency, user=user, items=todo, today=today, sent_by=sent_by)
        run.already += len(todo) - len(created)
        if created:
            _send_after_commit(run, agency=agency, user=user, items=todo, created=created, today=today)


def reminders_send_due(*, today: date | None = None) -> ReminderRun:
    """The daily job: remind unit heads of reports due within three days, and once more the day after
    the due date; one e-mail per person and unit. Each (unit, period, kind, person) is reminded at most
    once, ever."""
    today = today or timezone.localdate()
    run = ReminderRun()
    todo: dict[int, list[ReminderItem]] = {}
    agencies: dict[int, Agency] = {}
    for year in (today.year - 1, today.year):
        expected = selectors.expected_periods(year)
        if not expected:
            continue
        for agency in Agency.objects.filter(pk__in=list(expected), dissolved_on__isnull=True):
            agencies[agency.pk] = agency
        statuses = {
            (a, p): s for a, p, s in Report.objects.filter(year=year).values_list("agency_id", "period", "status")
        }
        due_dates = selectors.DueDates.load(year)
        for agency_id, found in expected.items():
            agency = agencies.get(agency_id)
            if agency is None:
                continue
            for period in sorted(found, key=periods.sort_key):
                status = statuses.get((agency_id, period))
                if status in DONE_STATUSES:
                    continue
                due = due_dates.get(agency.path, period)
                if due - timedelta(days=REMIND_BEFORE_DAYS) <= today < due:
                    kind = Reminder.Kind.BEFORE
                elif due < today <= due + timedelta(days=OVERDUE_WINDOW_DAYS):
                    kind = Reminder.Kind.OVERDUE
                else:
                    continue
                todo.setdefault(agency_id, []).append(
                    ReminderItem(year, period, kind, due, selectors.badge(status, due, today))
                )
    if not todo:
        return run
    heads = unit_heads(todo)
    already = set(
        Reminder.objects.filter(year__in=[today.year - 1, today.year], agency_id__in=list(todo))
        .exclude(kind=Reminder.Kind.MANUAL)
        .values_list("agency_id", "year", "period", "kind", "recipient_id")
    )
    for agency_id, items in todo.items():
        _deliver(run, agencies[agency_id], heads.get(agency_id, []), items, today, already=already)
    return run


def reminders_send_manual(
    *, root: Agency, year: int, cells: list[tuple[int, str]], user, today: date | None = None
) -> ReminderRun:
    """Reminders the secretariat sends from the grid for chosen units and periods (one e-mail per person
    and unit; at most one reminder a day per unit, period and person)."""
    require(user, Action.REVIEW, root)
    today = today or timezone.localdate()
    run = ReminderRun()
    agencies = {a.pk: a for a in Agency.objects.subtree_of(root).filter(pk__in={a for a, _p in cells})}
    expected = selectors.expected_periods(year, agency_ids=list(agencies))
    statuses = {
        (a, p): s
        for a, p, s in Report.objects.filter(year=year, agency__in=list(agencies)).values_list(
            "agency_id", "period", "status"
        )
    }
    due_dates = selectors.DueDates.load(year)
    todo: dict[int, list[ReminderItem]] = {}
    for agency_id, period in sorted(set(cells), key=lambda c: (c[0], periods.sort_key(c[1]))):
        agency = agencies.get(agency_id)
        if agency is None or period not in expected.get(agency_id, ()):
            continue
        status = statuses.get((agency_id, period))
        if status in DONE_STATUSES:
            continue
        due = due_dates.get(agency.path, period)
        todo.setdefault(agency_id, []).append(
            ReminderItem(year, period, Reminder.Kind.MANUAL, due, selectors.badge(status, due, today))
        )
    heads = unit_heads(todo)
    for agency_id, items in todo.items():
        _deliver(run, agencies[agency_id], heads.get(agency_id, []), items, today, sent_by=user)
    return run
