"""The "Việc cần làm" inbox: what waits for one user, from their roles and subtree, in a fixed number of
queries whatever the size of the tree (one for decisions, one for their last events, one for reports to
review, three per year for the unit head's own reports), and the user's notifications."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from agencies.permissions import Action, agencies_where, allowed_steps
from objectives import steps as decision_steps
from objectives.models import Decision, DecisionEvent, DecisionStatus
from reports import selectors as report_selectors
from reports.inbox.models import Notification
from reports.models import Report

SHOWN_PER_GROUP = 10


class InboxKind:
    """The groups of the inbox, in the order shown (most urgent first)."""

    DECISION_RETURNED = "decision_returned"
    REPORT_RETURNED = "report_returned"
    REPORT_OVERDUE = "report_overdue"
    DECISION_TO_REVIEW = "decision_to_review"
    DECISION_TO_APPROVE = "decision_to_approve"
    DECISION_TO_ISSUE = "decision_to_issue"
    REPORT_TO_REVIEW = "report_to_review"
    REPORT_DUE = "report_due"

    ORDER = (
        DECISION_RETURNED,
        REPORT_RETURNED,
        REPORT_OVERDUE,
        DECISION_TO_REVIEW,
        DECISION_TO_APPROVE,
        DECISION_TO_ISSUE,
        REPORT_TO_REVIEW,
        REPORT_DUE,
    )
    LABELS = {
        DECISION_RETURNED: _("Your decisions returned to draft"),
        REPORT_RETURNED: _("Your reports returned for correction"),
        REPORT_OVERDUE: _("Overdue reports"),
        DECISION_TO_REVIEW: _("Decisions to review"),
        DECISION_TO_APPROVE: _("Decisions to approve"),
        DECISION_TO_ISSUE: _("Decisions to issue"),
        REPORT_TO_REVIEW: _("Reports to review"),
        REPORT_DUE: _("Reports due"),
    }
    ICONS = {
        DECISION_RETURNED: "bi-arrow-counterclockwise",
        REPORT_RETURNED: "bi-arrow-counterclockwise",
        REPORT_OVERDUE: "bi-exclamation-triangle",
        DECISION_TO_REVIEW: "bi-search",
        DECISION_TO_APPROVE: "bi-check2-square",
        DECISION_TO_ISSUE: "bi-patch-check",
        REPORT_TO_REVIEW: "bi-inbox",
        REPORT_DUE: "bi-calendar-event",
    }
    # Where the whole list of a registered group is (register_kind's `all_url`), built when asked.
    ALL_URLS: dict[str, Callable[[], str]] = {}


@dataclass
class InboxItem:
    title: str
    url: str
    agency: Agency
    when: date | datetime | None = None
    who: object = None  # the user who returned or submitted it
    reason: str = ""


@dataclass
class InboxGroup:
    kind: str
    items: list[InboxItem]

    @property
    def label(self) -> str:
        return str(InboxKind.LABELS[self.kind])

    @property
    def icon(self) -> str:
        return InboxKind.ICONS[self.kind]

    @property
    def shown(self) -> list[InboxItem]:
        return self.items[:SHOWN_PER_GROUP]

    @property
    def more(self) -> int:
        return max(0, len(self.items) - SHOWN_PER_GROUP)

    @property
    def all_url(self) -> str:
        """Where the whole list is (when more items wait than the inbox shows)."""
        status = {
            InboxKind.DECISION_RETURNED: DecisionStatus.DRAFT,
            InboxKind.DECISION_TO_REVIEW: DecisionStatus.SUBMITTED,
            InboxKind.DECISION_TO_APPROVE: DecisionStatus.SUBMITTED,
            InboxKind.DECISION_TO_ISSUE: DecisionStatus.APPROVED,
        }.get(self.kind)
        if status is not None:
            return f"{reverse('objectives:decision-list')}?status={status}"
        if self.kind == InboxKind.REPORT_TO_REVIEW:
            return reverse("reports:review-queue")
        if self.kind in InboxKind.ALL_URLS:
            return InboxKind.ALL_URLS[self.kind]()
        return reverse("reports:my-reports")


@dataclass
class Inbox:
    groups: dict[str, list[InboxItem]] = field(default_factory=dict)

    def add(self, kind: str, item: InboxItem) -> None:
        self.groups.setdefault(kind, []).append(item)

    @property
    def ordered(self) -> list[InboxGroup]:
        return [InboxGroup(kind, self.groups[kind]) for kind in InboxKind.ORDER if self.groups.get(kind)]

    @property
    def count(self) -> int:
        return sum(len(items) for items in self.groups.values())

    def count_of(self, kind: str) -> int:
        return len(self.groups.get(kind, []))


def _decision_title(decision: Decision) -> str:
    return _("Decision %(year)d · %(agency)s") % {"year": decision.year, "agency": decision.agency.name}


def _add_decisions(inbox: Inbox, user) -> None:
    last = DecisionEvent.objects.filter(decision=OuterRef("pk")).order_by("-created_at", "-id")
    wanted = (
        Q(status=DecisionStatus.SUBMITTED, agency__in=agencies_where(user, Action.REVIEW))
        | Q(status=DecisionStatus.SUBMITTED, agency__in=agencies_where(user, Action.APPROVE))
        | Q(status=DecisionStatus.APPROVED, agency__in=agencies_where(user, Action.APPROVE))
        | Q(
            status=DecisionStatus.DRAFT,
            agency__in=agencies_where(user, Action.EDIT),
            last_action=DecisionEvent.Action.RETURN,
        )
    )
    decisions = list(
        Decision.objects.annotate(
            last_action=Subquery(last.values("action")[:1]), last_event_id=Subquery(last.values("pk")[:1])
        )
        .filter(wanted)
        .select_related("agency")
        .order_by("updated_at", "pk")
    )
    events = DecisionEvent.objects.select_related("user").in_bulk(
        [d.last_event_id for d in decisions if d.last_event_id]
    )
    for decision in decisions:
        decision._last_event = events.get(decision.last_event_id)
        event = decision._last_event
        steps = allowed_steps(user, decision)
        item = InboxItem(
            _decision_title(decision),
            reverse("objectives:decision-detail", args=[decision.pk]),
            decision.agency,
            when=event.created_at if event else decision.updated_at,
            who=event.user if event else None,
        )
        if decision.returned_event is not None:
            item.reason = event.comment
            inbox.add(InboxKind.DECISION_RETURNED, item)
        elif decision_steps.REVIEW in steps:
            inbox.add(InboxKind.DECISION_TO_REVIEW, item)
        elif decision_steps.ISSUE in steps:
            inbox.add(InboxKind.DECISION_TO_ISSUE, item)
        elif decision_steps.APPROVE in steps and decision.review_event is not None:
            inbox.add(InboxKind.DECISION_TO_APPROVE, item)


def _add_reports_to_review(inbox: Inbox, user) -> None:
    reports = (
        Report.objects.awaiting_review()
        .filter(agency__in=agencies_where(user, Action.REVIEW))
        .select_related("agency", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    for report in reports:
        inbox.add(
            InboxKind.REPORT_TO_REVIEW,
            InboxItem(
                str(report),
                report_selectors.report_url(report.agency_id, report.year, report.period),
                report.agency,
                when=report.submitted_at,
                who=report.submitted_by,
            ),
        )


def _add_own_reports(inbox: Inbox, user, today: date) -> None:
    if not report_selectors.unit_head_agencies(user):
        return
    for year in (today.year - 1, today.year):
        mine = report_selectors.my_reports(user, year, today)
        for kind, rows in (
            (InboxKind.REPORT_RETURNED, mine.returned),
            (InboxKind.REPORT_OVERDUE, mine.overdue),
            (InboxKind.REPORT_DUE, mine.due),
        ):
            for row in rows:
                item = InboxItem(f"{row.agency} · {row.period_label} {row.year}", row.url, row.agency, when=row.due)
                if row.report is not None and kind == InboxKind.REPORT_RETURNED:
                    item.reason = row.report.review_comment
                inbox.add(kind, item)


# Each provider adds its groups to the inbox in a fixed number of queries. Later features register here
# (with register_kind for their groups' labels): inbox_for and the navigation count pick them up.
PROVIDERS: list[Callable[[Inbox, object, date], None]] = [
    lambda inbox, user, today: _add_decisions(inbox, user),
    lambda inbox, user, today: _add_reports_to_review(inbox, user),
    _add_own_reports,
]


def register_kind(
    kind: str,
    label,
    icon: str = "bi-list-check",
    *,
    before: str | None = None,
    all_url: Callable[[], str] | None = None,
) -> None:
    """Declare a group of the inbox (shown before `before`, else last); `all_url` gives the page listing all
    of its items (the "and n more" link)."""
    if kind not in InboxKind.ORDER:
        order = list(InboxKind.ORDER)
        order.insert(order.index(before) if before in order else len(order), kind)
        InboxKind.ORDER = tuple(order)
    InboxKind.LABELS[kind] = label
    InboxKind.ICONS[kind] = icon
    if all_url is not None:
        InboxKind.ALL_URLS[kind] = all_url


def inbox_for(user, *, today: date) -> Inbox:
    """Everything waiting for the user. A superuser's reach does not make a to-do list: only their roles."""
    inbox = Inbox()
    if not getattr(user, "is_authenticated", False):
        return inbox
    if getattr(user, "is_superuser", False) and not _has_memberships(user):
        return inbox
    for provider in PROVIDERS:
        provider(inbox, user, today)
    return inbox


def _has_memberships(user) -> bool:
    from agencies.permissions import memberships_of

    return bool(memberships_of(user))


def notifications_of(user) -> QuerySet[Notification]:
    return (
        Notification.objects.for_user(user)
        .select_related("actor", "decision__agency", "report__agency")
        .order_by("-created_at", "-id")
    )


def unread_count(user) -> int:
    return Notification.objects.for_user(user).unread().count()
