#!/usr/bin/env bash
# The dashboard (issue 18) at 1,000,000 ledger rows: every page and API call, p50/p99 (bench/RESULTS.md).
# H2 always; PostgreSQL too when KEEL_BENCH_PG_URL (+ KEEL_BENCH_PG_USER, KEEL_DB_PASSWORD) points at a database
# the user may create schemas in (each run makes a fresh one, dashboard_bench_<millis>; drop them when done).
# Usage: bench/dashboard.sh [rows] [rounds]   (build first: mvn -B package -DskipTests)
# Prints the tables only; Keel's own log of each run is in target/dashboard-bench-<db>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
rounds=${2:-50}
[ -f target/keel.jar ] || { echo "target/keel.jar is missing: mvn -B package -DskipTests first" >&2; exit 2; }
run() {
  local db=$1 log=target/dashboard-bench-$1.log
  echo "== $db ($(date -u +%FT%TZ), $rows rows, $rounds rounds)"
  if ! java -Xmx2g -cp target/keel.jar bench/DashboardBench.java "$rows" "$rounds" > "$log" 2>&1; then
    echo "the $db run failed; the end of $log:" >&2
    grep -v " INFO " "$log" | tail -15 >&2
    return 1
  fi
  grep -E '^(\||seeded|rolled|schema)' "$log"
}
KEEL_BENCH_PG_URL= run H2
if [ -n "${KEEL_BENCH_PG_URL:-}" ]; then
  run PostgreSQL
fi
