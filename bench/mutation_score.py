"""Mutation score per core module from mutmut's result files (run by `make mutation`).

Killed = a test failed (exit code 1) or timed out; survived = the tests passed (exit code 0).
A module's score may be limited to some functions (e.g. the due-date logic of reports/selectors.py).
`--reset-survivors` forgets the survivors' results, so that the next run tries them against new tests
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
    "reports.services.reporting": ["reports.services.reporting.*"],
    "reports.services.lines": ["reports.services.lines.*"],
    "reports.services.uploads": ["reports.services.uploads.*"],
    "reports.periods": ["reports.periods.*"],
    "reports.selectors (due dates)": [
        "reports.selectors.x_progress_status*",
        "reports.selectors.xǁDueDatesǁ*",
        "reports.selectors.x_due_date*",
    ],  # QueueRow.late is a property: mutmut does not mutate decorated functions (nor @service ones)
    "agencies.permissions": ["agencies.permissions.*"],
    "qms_portal.vnformat": ["qms_portal.vnformat.*"],
    "qms_portal.legacy": ["qms_portal.legacy.*"],
}


def reset_survivors() -> int:
    reset = 0
    for meta in Path("mutants").rglob("*.meta"):
        data = json.loads(meta.read_text())
        for name, code in data["exit_code_by_key"].items():
            if code == 0:
                data["exit_code_by_key"][name] = None
                reset += 1
        meta.write_text(json.dumps(data))
    sys.stdout.write(f"{reset} survivors will be tried again\n")
    return 0


def main() -> int:
    if sys.argv[1:] == ["--reset-survivors"]:
        return reset_survivors()
    codes: dict[str, int | None] = {}
    for meta in Path("mutants").rglob("*.meta"):
        codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    wanted = sys.argv[1:] or list(MODULES)
    out = sys.stdout.write
    out(f"{'module':32} {'mutants':>7} {'killed':>6} {'survived':>8} {'not run':>7} {'score':>6}\n")
    for module in wanted:
        names = [n for n in codes if any(fnmatch(n, p) for p in MODULES[module])]
        run = [n for n in names if codes[n] is not None]
        survived = sorted(n for n in run if codes[n] == 0)
        killed = len(run) - len(survived)
        score = f"{100 * killed / len(run):.1f}%" if run else "-"
        out(f"{module:32} {len(names):7} {killed:6} {len(survived):8} {len(names) - len(run):7} {score:>6}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
