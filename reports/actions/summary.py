"""Open, overdue, awaiting-verification and closed corrective actions per unit, for the dashboards: the agency
shown, then each of its child units with its whole subtree rolled up (the secretariat's view of the tree; a
unit head's unit has no children, so it is one row). One grouped query for the counts, one for the names,
whatever the number of actions or units. Each figure links to the register filtered by unit and status."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from agencies.models import Agency
from qms_portal.text import vn_sort_key
from reports.actions.models import CLOSED_STATUSES, OPEN_STATUSES, ActionStatus, CorrectiveAction

# register filters for each figure (reports/actions/filters.py)
FILTERS = {
    "open": {"stage": "open"},
    "overdue": {"overdue": "on"},
    "to_verify": {"status": ActionStatus.DONE},
    "closed": {"stage": "closed"},
    "total": {},
}


@dataclass
class ActionCounts:
    agency: Agency
    open: int = 0
    overdue: int = 0
    to_verify: int = 0
    closed: int = 0
    own_only: bool = False  # the agency's own actions, without its units (no register filter says that)
    links: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        # "overdue" is a part of "open"
        return self.open + self.to_verify + self.closed

    def add(self, row: dict) -> None:
        for name in ("open", "overdue", "to_verify", "closed"):
            setattr(self, name, getattr(self, name) + row[name])

    @property
    def cells(self) -> list[tuple[str, int, str, str]]:
        """(figure, value, CSS class, register link or "") in the order of the dashboard's columns."""
        style = {"overdue": "text-danger fw-semibold", "to_verify": "text-warning-emphasis"}
        return [
            (name, getattr(self, name), style.get(name, ""), self.links.get(name, ""))
            for name in ("open", "overdue", "to_verify", "closed", "total")
        ]


@dataclass
class ActionSummary:
    agency: Agency
    rows: list[ActionCounts]
    total: ActionCounts

    def __bool__(self) -> bool:
        return self.total.total > 0


def _links(agency: Agency) -> dict[str, str]:
    base = reverse("reports:action-register")
    return {name: f"{base}?{urlencode({'agency': agency.pk, **query})}" for name, query in FILTERS.items()}


def counts_by_unit(agency: Agency, today: date) -> ActionSummary:
    open_q = Q(status__in=OPEN_STATUSES)
    grouped = (
        CorrectiveAction.objects.in_subtree(agency)
        .values("agency__path")
        .annotate(
            open=Count("pk", filter=open_q),
            overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
            to_verify=Count("pk", filter=Q(status=ActionStatus.DONE)),
            closed=Count("pk", filter=Q(status__in=CLOSED_STATUSES)),
        )
        .order_by()
    )
    by_branch: dict[int, list[dict]] = {}
    for row in grouped:
        rest = row["agency__path"][len(agency.path) :].strip("/")
        branch = int(rest.split("/")[0]) if rest else agency.pk
        by_branch.setdefault(branch, []).append(row)
    total = ActionCounts(agency, links=_links(agency))
    if not by_branch:
        return ActionSummary(agency, [], total)
    names = {a.pk: a for a in Agency.objects.filter(pk__in=by_branch).only("id", "name", "short_name", "path", "depth")}
    rows = []
    for pk, branch_rows in by_branch.items():
        own = pk == agency.pk
        counts = ActionCounts(names.get(pk, agency), own_only=own)
        for row in branch_rows:
            counts.add(row)
            total.add(row)
        if not own:
            counts.links = _links(counts.agency)
        rows.append(counts)
    rows.sort(key=lambda c: (not c.own_only, vn_sort_key(c.agency.name)))
    if len(rows) == 1 and rows[0].own_only:
        rows[0].links = total.links  # a unit without units: its own actions are its whole subtree
    return ActionSummary(agency, rows, total)
