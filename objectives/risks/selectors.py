"""Reads of the risk and opportunity register, with bounded query counts.

`review_rows(agency, year)` is the register as the management review (ISO 9001 clause 9.3.2 e) takes it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from agencies.models import Agency
from objectives.models import Decision, DecisionStatus, Objective
from objectives.risks import hooks, scale
from objectives.risks.models import RiskItem, RiskKind


def year_decision(agency: Agency, year: int) -> Decision | None:
    """The agency's decision of the year whose objectives register items link to: the one in force, else the
    most recent one still being prepared (draft, submitted, approved)."""
    decisions = Decision.objects.filter(agency=agency, year=year)
    return (
        decisions.in_force().order_by("-id").first()
        or decisions.exclude(status=DecisionStatus.SUPERSEDED).order_by("-id").first()
    )


def linkable_objectives(agency: Agency, year: int) -> QuerySet[Objective]:
    decision = year_decision(agency, year)
    if decision is None:
        return Objective.objects.none()
    return (
        Objective.objects.filter(decision=decision).select_related("decision").order_by("section__order", "order", "id")
    )


def items(agency: Agency, year: int) -> QuerySet[RiskItem]:
    """The register's rows in order, with owners and linked objectives (three queries in all)."""
    return (
        RiskItem.objects.filter(agency=agency, year=year)
        .select_related("owner_user", "owner_unit")
        .prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("order", "id")))
        .order_by("order", "id")
    )


def item_for(pk) -> RiskItem | None:
    try:
        return RiskItem.objects.select_related("agency", "owner_user", "owner_unit").get(pk=pk)
    except (RiskItem.DoesNotExist, ValueError, TypeError):
        return None


def years_of(agency: Agency) -> list[int]:
    return list(RiskItem.objects.filter(agency=agency).order_by("-year").values_list("year", flat=True).distinct())


@dataclass
class Row:
    """One register item as the screen, the PDF and the Excel file show it."""

    number: int
    item: RiskItem
    objectives: list[Objective]
    actions: list[hooks.LinkedAction] = field(default_factory=list)

    @property
    def band(self):
        return self.item.band

    @property
    def residual_band(self):
        return self.item.residual_band


def rows(agency: Agency, year: int) -> list[Row]:
    """The numbered rows with their linked objectives and actions (bounded: items, owners, objectives, actions):
    risks first, then opportunities, each in register order."""
    # Risks first, then opportunities (the printed table's two parts), numbered on through both.
    found = sorted(items(agency, year), key=lambda item: (item.is_opportunity, item.order, item.pk))
    actions = hooks.linked_actions(item.pk for item in found)
    return [
        Row(number, item, list(item.objectives.all()), actions.get(item.pk, []))
        for number, item in enumerate(found, start=1)
    ]


def summary(found: list[Row]) -> dict[str, int]:
    """Counts per kind and band, for the page heading."""
    counts = {"risks": 0, "opportunities": 0, "high": 0}
    for row in found:
        counts["opportunities" if row.item.is_opportunity else "risks"] += 1
        if not row.item.is_opportunity and row.item.level and row.item.level >= 10:
            counts["high"] += 1
    return counts


def review_rows(agency: Agency, year: int) -> list[dict]:
    """The register of `agency` for `year`, for the management review's input "effectiveness of actions taken
    to address risks and opportunities" (ISO 9001 clause 9.3.2 e). One dict per item, in register order:

    - number (int), kind ("risk" | "opportunity"), kind_label (str, translated)
    - description, cause (str)
    - objectives: [str] the linked objectives' text
    - likelihood, impact (int); level_before (int, likelihood × impact); band_before (str label, e.g. "cao")
    - residual_likelihood, residual_impact (int | None); level_after (int | None: not yet assessed);
      band_after (str label | "")
    - improved (bool | None): level_after < level_before for a risk, level_after > level_before for an
      opportunity; None when not assessed
    - treatment (str code), treatment_label (str), actions_text (str)
    - owner_label (str: "Person (Unit)", either one, or "")
    - review_date (date | None)
    - actions: [{"title", "status", "is_closed", "is_effective"}] from the corrective action register
      (is_effective: True / False once verified, None before)
    - actions_total, actions_closed, actions_effective (int)

    Queries: bounded (items, owners, objectives, actions), whatever the number of rows."""
    result = []
    for row in rows(agency, year):
        item = row.item
        before, after = item.level, item.residual_level
        improved = None
        if after is not None:
            improved = after > before if item.is_opportunity else after < before
        result.append(
            {
                "number": row.number,
                "kind": item.kind,
                "kind_label": str(RiskKind(item.kind).label),
                "description": item.description,
                "cause": item.cause,
                "objectives": [o.content for o in row.objectives],
                "likelihood": item.likelihood,
                "impact": item.impact,
                "level_before": before,
                "band_before": str(scale.band(before).label),
                "residual_likelihood": item.residual_likelihood,
                "residual_impact": item.residual_impact,
                "level_after": after,
                "band_after": str(scale.band(after).label) if after is not None else "",
                "improved": improved,
                "treatment": item.treatment,
                "treatment_label": item.get_treatment_display(),
                "actions_text": item.actions_text,
                "owner_label": item.owner_label,
                "review_date": item.review_on,
                "actions": [
                    {
                        "title": a.title,
                        "status": a.status_label,
                        "is_closed": a.is_closed,
                        "is_effective": a.is_effective,
                    }
                    for a in row.actions
                ],
                "actions_total": len(row.actions),
                "actions_closed": sum(1 for a in row.actions if a.is_closed),
                "actions_effective": sum(1 for a in row.actions if a.is_effective),
            }
        )
    return result
