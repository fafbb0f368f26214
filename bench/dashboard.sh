#!/usr/bin/env bash
# The dashboard (issue 18) at 1,000,000 ledger rows: every page and API call, p50/p99 (bench/RESULTS.md).
# H2 always; PostgreSQL too when KEEL_BENCH_PG_URL (+ KEEL_BENCH_PG_USER, KEEL_DB_PASSWORD) points at an empty database.
# Usage: bench/dashboard.sh [rows] [rounds]   (build first: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
rounds=${2:-50}
echo "== H2"
java -cp target/keel.jar bench/DashboardBench.java "$rows" "$rounds"
if [ -n "${KEEL_BENCH_PG_URL:-}" ]; then
  echo "== PostgreSQL"
  java -cp target/keel.jar bench/DashboardBench.java "$rows" "$rounds"
fi
