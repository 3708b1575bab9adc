#!/usr/bin/env bash
# Mutation testing of the core modules, one module at a time (`make mutation`; by hand, not in CI).
# Usage: bench/mutation.sh [module-glob ...]   e.g. bench/mutation.sh "objectives.targets*"
set -uo pipefail
cd "$(dirname "$0")/.."
# bench/mutmut_run.py: mutmut, with the @service functions mutated too (mutmut alone skips decorated functions)
MUTMUT=${MUTMUT:-.venv/bin/python bench/mutmut_run.py}
if [ $# -eq 0 ]; then
  set -- "objectives.targets*" "reports.periods*" "reports.selectors.x_progress_status*" \
    "reports.selectors.xǁDueDatesǁ*" "reports.selectors.x_due_date*" \
    "agencies.permissions*" "qms_portal.vnformat*" "qms_portal.legacy*" "reports.aggregation*" \
    "reports.services.uploads*" "reports.evidence.x_check_upload*" "objectives.services.workflow*" "objectives.services.decisions*" \
    "objectives.services.content*" "objectives.services.amendments*" \
    "reports.services.reporting*" "reports.services.lines*" "reports.rollup*" "reports.results*"
fi
for module in "$@"; do
  echo "== $module"
  DEBUG=1 $MUTMUT run --max-children "${MUTATION_CHILDREN:-1}" "$module" >/dev/null || true
done
.venv/bin/python bench/mutation_score.py
