#!/usr/bin/env bash
# Gateway calls/s with 1, 2 and 3 Keel nodes on one PostgreSQL (issue #17 part B), and what the shared
# limits add to one call: the zero-latency fake upstream (bench/FakeUpstream.java) behind each node, every
# call reserved and settled in PostgreSQL (keel_limit_reserve / keel_limit_settle) when clustered.
#   latency: one node at 100 calls/s, PostgreSQL with keel.cluster.enabled=false (limits in memory) vs true
#   throughput: N nodes, each driven closed-loop (8 at a time) for the same number of calls, in parallel
# The nodes share this machine's cores with PostgreSQL and the load, so the point is that nothing collapses.
# Usage: KEEL_TEST_PG_URL=jdbc:postgresql://127.0.0.1:5432/keel_ci KEEL_TEST_PG_USER=keel_ci KEEL_TEST_PG_PASSWORD=... \
#        bench/cluster-gateway.sh [seconds] [calls per node]          (build first: mvn -B package -DskipTests,
#        or set KEEL_CP to a class path holding Keel and its dependencies)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
calls=${2:-6000}
: "${KEEL_TEST_PG_URL:?set KEEL_TEST_PG_URL (and _USER, _PASSWORD)}"
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
up=$(free_port)
java -Dsun.net.httpserver.nodelay=true bench/FakeUpstream.java "$up" > "$work/upstream.out" 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
key="sk-keel-bench$(date +%s%N)"
# start_node NAME SCHEMA CLUSTERED -> prints "pid port"
start_node() {
  local home="$work/$1" port; port=$(free_port); mkdir -p "$home/secrets"
  printf '%s' "$key" > "$home/secrets/agent-key-bench"; printf 'sk-bench-upstream-0000000000' > "$home/secrets/upstream-key"
  chmod 600 "$home/secrets/"*
  cat > "$home/providers.yaml" <<YAML
providers:
  - {name: up, type: openai-compatible, tier: reasoning, base-url: 'http://127.0.0.1:$up/v1', key-secret: upstream-key,
     models: [m1], context-window: 128000, price: {input: 0.6, output: 2.5}, rpm: 1000000, tpm: 1000000000,
     max-concurrency: 64, daily-budget-usd: 1000000}
routing:
  target-mix: {local: 80, reasoning: 15, critical: 5}
  fallback: [up]
YAML
  KEEL_ROUTES="$PWD/routes" KEEL_HTTP_PORT=$port KEEL_MANAGEMENT_PORT=0 KEEL_GATEWAY_AGENTS=bench KEEL_GUARD_MODE=observe \
  KEEL_DB_URL="$KEEL_TEST_PG_URL?currentSchema=$2" KEEL_DB_USER="${KEEL_TEST_PG_USER:-keel}" KEEL_DB_PASSWORD_ENV=KEEL_TEST_PG_PASSWORD \
  KEEL_CLUSTER_ENABLED=$3 KEEL_NODE_ID="$1" \
    java -Xmx256m ${KEEL_JAVA_OPTS:-} -cp "${KEEL_CP:-target/keel.jar}" dev.keel.Keel --home "$home" run > "$home/keel.out" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do grep -q "Keel ready" "$home/keel.out" && break; sleep 0.1; done
  echo "$pid $port"
}
stop_node() { kill "$1" 2>/dev/null || true; while kill -0 "$1" 2>/dev/null; do sleep 0.2; done; }
load() { java -cp "${KEEL_CP:-target/keel.jar}" bench/GatewayLoad.java "$@"; }
url() { echo "http://127.0.0.1:$1/v1/chat/completions"; }
echo "machine: $(nproc) cores, $(psql --version 2>/dev/null | head -1), $(java -version 2>&1 | head -1)"
echo "--- latency of one node at 100 calls/s (ms): rps sent ok errors p50 p90 p99 p99.9 max"
for clustered in false true; do
  read -r pid port < <(start_node "lat-$clustered" "bench_lat_${clustered}_$$" "$clustered"); pids+=("$pid")
  load count "$(url "$port")" "$key" 3000 4 "$pid" > /dev/null   # warm-up
  echo "clustered=$clustered $(load rate "$(url "$port")" "$key" 100 "$seconds")"
  stop_node "$pid"
done
echo "--- throughput: nodes calls_total seconds calls_per_s (closed loop; errors show in the latency runs)"
for n in 1 2 3; do
  schema="bench_tp${n}_$$"; ports=(); npids=()
  for i in $(seq 1 "$n"); do read -r pid port < <(start_node "tp$n-$i" "$schema" true); pids+=("$pid"); ports+=("$port"); npids+=("$pid"); done
  warm=(); for port in "${ports[@]}"; do load count "$(url "$port")" "$key" 1000 4 0 > /dev/null & warm+=($!); done
  wait "${warm[@]}" || true
  start=$(date +%s.%N)
  loads=(); for i in "${!ports[@]}"; do load count "$(url "${ports[$i]}")" "$key" "$calls" 8 "${npids[$i]}" > "$work/tp$n-$i.out" & loads+=($!); done
  wait "${loads[@]}" || true
  end=$(date +%s.%N)
  awk -v n="$n" -v c="$((calls * n))" -v s="$start" -v e="$end" 'BEGIN{printf "%d %d %.1f %.0f\n", n, c, e-s, c/(e-s)}'
  for pid in "${npids[@]}"; do stop_node "$pid"; done
done
# the schemas this run made (one per measurement), dropped so the database keeps only what it had
if command -v psql > /dev/null; then
  hostport=${KEEL_TEST_PG_URL#jdbc:postgresql://}; host=${hostport%%[:/]*}; db=${hostport##*/}
  for schema in "bench_lat_false_$$" "bench_lat_true_$$" "bench_tp1_$$" "bench_tp2_$$" "bench_tp3_$$"; do
    PGPASSWORD=$KEEL_TEST_PG_PASSWORD psql -h "$host" -U "${KEEL_TEST_PG_USER:-keel}" -d "$db" -q \
      -c "DROP SCHEMA IF EXISTS $schema CASCADE" 2> /dev/null || true
  done
fi
