#!/usr/bin/env bash
# The whole test suite, as `make test` runs it, in two pytest runs side by side:
#  - the tests marked `spark` in one process: one Spark session for the whole run (local mode,
#    then the standalone cluster that tests/conftest.py starts, whose tests are ordered last);
#  - every other test on four xdist workers with work stealing (on two cores, the workers
#    overlap one test's waits — the browser, PostgreSQL — with another's work; four measured
#    1,024 s where three took 1,122 s; WORKERS=N to choose).
# The Spark run's output is printed after the other's. Fails if either fails; each fails when
# it collected no test (pytest's exit status 5). Extra arguments go to both runs.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST=${PYTEST:-.venv/bin/pytest}
log=$(mktemp -t jiancha-spark-tests.XXXXXX)
"$PYTEST" -q -n 0 -m spark --durations=10 "$@" >"$log" 2>&1 &
spark=$!
"$PYTEST" -q -n ${WORKERS:-4} --dist worksteal -m "not spark" --durations=30 "$@"
rest=$?
wait "$spark"
sparked=$?
echo
echo "--- the Spark tests (one process, one Spark session): exit status $sparked ---"
cat "$log"
rm -f "$log"
if [ "$rest" -ne 0 ]; then exit "$rest"; fi
exit "$sparked"
