"""Is a draft ready to submit ("Trình")? Every problem named, with a link to where it is fixed: an
objective without a measurable target (unless marked qualitative), a target whose settings contradict
its unit or comparator, an empty signer. Two queries."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from objectives.models import Aggregation, Comparator, Decision, Measurement, Target, Unit


@dataclass(frozen=True)
class Problem:
    message: str
    url: str


def target_problems(target: Target) -> list[str]:
    """What contradicts itself in a target's settings (TargetForm.clean refuses the same on entry)."""
    problems = []
    if target.comparator == Comparator.DONE:
        return problems
    if target.measurement == Measurement.RATIO and target.unit != Unit.PERCENT:
        problems.append(_("only a percentage is measured as numerator / denominator"))
    if target.aggregation == Aggregation.RATIO_OF_SUMS and target.measurement != Measurement.RATIO:
        problems.append(_("the ratio of the sums needs a numerator and a denominator"))
    return problems


def decision_problems(decision: Decision) -> list[Problem]:
    editor = reverse("objectives:decision-editor", args=[decision.pk])
    problems: list[Problem] = []
    objectives = list(decision.objectives.order_by("order", "id"))
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(objective__decision=decision).order_by("order", "id"):
        targets.setdefault(target.objective_id, []).append(target)
    if not objectives:
        problems.append(Problem(_("The decision has no objectives yet."), f"{editor}#new-objective"))
    for number, objective in enumerate(objectives, start=1):
        anchor = f"{editor}#objective-{objective.pk}"
        short = objective.content[:60] + ("…" if len(objective.content) > 60 else "")
        mine = targets.get(objective.pk, [])
        if not mine and not objective.qualitative:
            problems.append(
                Problem(
                    _(
                        "Objective %(n)d (%(text)s) has no measurable target; add one, or mark the objective qualitative."
                    )
                    % {"n": number, "text": short},
                    anchor,
                )
            )
        for target in mine:
            for problem in target_problems(target):
                problems.append(
                    Problem(
                        _('Objective %(n)d, target "%(target)s": %(problem)s.')
                        % {"n": number, "target": target, "problem": problem},
                        f"{editor}#target-{target.pk}",
                    )
                )
    if not decision.signer_title:
        problems.append(
            Problem(_("The signer's title is empty."), reverse("objectives:decision-edit", args=[decision.pk]))
        )
    return problems
