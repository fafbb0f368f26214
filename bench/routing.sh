#!/usr/bin/env bash
# The content router (issue 14): decision latency of ModelRouter.decide with the content classifier,
# rules only, no embeddings, over the labelled dev and held-out sets, pinned to one core with taskset;
# then `keel route eval` on both sets (the figures bench/RESULTS.md records). Target: <= 1 ms p99.
# Usage: bench/routing.sh [rounds]   (build first: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-200}
for set in src/test/resources/routing/dev.jsonl src/test/resources/routing/holdout.jsonl; do
  taskset -c 1 java -cp target/keel.jar bench/RoutingDecisionBench.java "$set" "$rounds"
done
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
for set in src/test/resources/routing/dev.jsonl src/test/resources/routing/holdout.jsonl; do
  java -jar target/keel.jar --home "$home" route eval "$PWD/$set" --min-accuracy 90 --min-critical-recall 95 --min-local-precision 95 \
    | sed -n '1,/^estimated cost/p'
done
