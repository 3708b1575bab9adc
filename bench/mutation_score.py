"""Mutation score per core module from mutmut's result files (run by `make mutation`).

Killed = a test failed (exit code 1 or 3) or timed out; survived = the tests passed (exit code 0); "no tests" =
no selected test reaches the mutated function (exit code 33 or 5): counted as not killed, since nothing would
catch that bug. The score is killed / (killed + survived + no tests); a run stopped by hand (2) is "not run".
A module's score may be limited to some functions (e.g. the due-date logic of reports/selectors.py).
`--reset-survivors` forgets the results of the survivors and of the mutants no test reached, so that the next run tries them against new tests
(mutmut keeps a result until the mutated function itself changes)."""

import json
import sys
from fnmatch import fnmatch
from pathlib import Path

# module -> glob(s) of mutant names that belong to the measured core logic
MODULES = {
    "objectives.targets": ["objectives.targets.*"],
    "reports.aggregation": ["reports.aggregation.*"],
    "reports.rollup": ["reports.rollup.*"],
    "reports.results": ["reports.results.*"],
    "objectives.services.decisions": ["objectives.services.decisions.*"],
    "objectives.services.workflow": ["objectives.services.workflow.*"],
    "objectives.services.content": ["objectives.services.content.*"],
    "objectives.services.amendments": ["objectives.services.amendments.*"],
    "reports.services.reporting": ["reports.services.reporting.*"],
    "reports.services.lines": ["reports.services.lines.*"],
    "reports.services.uploads": ["reports.services.uploads.*"],
    "reports.evidence (check_upload)": ["reports.evidence.x_check_upload*"],
    "reports.periods": ["reports.periods.*"],
    "reports.selectors (due dates)": [
        "reports.selectors.x_progress_status*",
        "reports.selectors.xǁDueDatesǁ*",
        "reports.selectors.x_due_date*",
    ],  # QueueRow.late is a property: mutmut does not mutate decorated functions (bench/mutmut_run.py lets it mutate @service ones)
    "agencies.permissions": ["agencies.permissions.*"],
    "qms_portal.vnformat": ["qms_portal.vnformat.*"],
    "qms_portal.legacy": ["qms_portal.legacy.*"],
}


NOT_RUN = {None, 2}  # not checked yet, or the run was stopped
NO_TESTS = {5, 33}


def reset_survivors() -> int:
    reset = 0
    for meta in Path("mutants").rglob("*.meta"):
        data = json.loads(meta.read_text())
        for name, code in data["exit_code_by_key"].items():
            if code == 0 or code in NO_TESTS:
                data["exit_code_by_key"][name] = None
                reset += 1
        meta.write_text(json.dumps(data))
    sys.stdout.write(f"{reset} survivors and untested mutants will be tried again\n")
    return 0


def main() -> int:
    if sys.argv[1:] == ["--reset-survivors"]:
        return reset_survivors()
    codes: dict[str, int | None] = {}
    for meta in Path("mutants").rglob("*.meta"):
        codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    wanted = sys.argv[1:] or list(MODULES)
    out = sys.stdout.write
    out(f"{'module':32} {'mutants':>7} {'killed':>6} {'survived':>8} {'no tests':>8} {'not run':>7} {'score':>6}\n")
    for module in wanted:
        names = [n for n in codes if any(fnmatch(n, p) for p in MODULES[module])]
        run = [n for n in names if codes[n] not in NOT_RUN]
        survived = [n for n in run if codes[n] == 0]
        untested = [n for n in run if codes[n] in NO_TESTS]
        killed = len(run) - len(survived) - len(untested)
        score = f"{100 * killed / len(run):.1f}%" if run else "-"
        out(
            f"{module:32} {len(names):7} {killed:6} {len(survived):8} {len(untested):8} "
            f"{len(names) - len(run):7} {score:>6}\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
