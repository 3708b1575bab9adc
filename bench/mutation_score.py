"""Mutation score per core module from mutmut's result files (run by `make mutation`).

Killed = a test failed (exit code 1) or timed out; survived = the tests passed (exit code 0).
A module's score may be limited to some functions (e.g. the due-date logic of reports/selectors.py)."""

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
    "reports.periods": ["reports.periods.*"],
    "reports.selectors (due dates)": [
        "reports.selectors.x_progress_status*", "reports.selectors.xǁDueDatesǁ*", "reports.selectors.x_due_date*",
        "reports.selectors.xǁQueueRowǁlate*",
    ],
    "agencies.permissions": ["agencies.permissions.*"],
    "qms_portal.vnformat": ["qms_portal.vnformat.*"],
    "qms_portal.legacy": ["qms_portal.legacy.*"],
}


def main() -> int:
    codes: dict[str, int | None] = {}
    for meta in Path("mutants").rglob("*.meta"):
        codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    wanted = sys.argv[1:] or list(MODULES)
    print(f"{'module':32} {'mutants':>7} {'killed':>6} {'survived':>8} {'not run':>7} {'score':>6}")
    for module in wanted:
        names = [n for n in codes if any(fnmatch(n, p) for p in MODULES[module])]
        run = [n for n in names if codes[n] is not None]
        survived = sorted(n for n in run if codes[n] == 0)
        killed = len(run) - len(survived)
        score = f"{100 * killed / len(run):.1f}%" if run else "-"
        print(f"{module:32} {len(names):7} {killed:6} {len(survived):8} {len(names) - len(run):7} {score:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
