#!/usr/bin/env bash
# What a warm-up before "ready" would buy (issue 20's cold start): for each WARMUP count, a fresh Keel on core 1; the
# moment it logs "Keel ready", WARMUP calls 4 at a time (the load generator on core 0, nginx as the provider), then the
# first SECONDS at 500/s from a fresh load JVM, latency counted from each request's due time (bench/GatewayLoad.java
# cold). Prints each start's figures and how long the warm-up took; 0 is today's cold start.
# Usage: bench/gateway-warmup.sh [seconds] [warm-up calls...]   e.g. bench/gateway-warmup.sh 15 0 1000 3000
#        (build first: mvn -B package -DskipTests; KEEL: the start command, default bin/keel)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --start ]; then # the command GatewayLoad cold starts: Keel, the warm-up, then its own ready line
  shift
  taskset -c 1 ${KEEL:-bin/keel} "$@" > "$KEEL_OUT" 2>&1 &
  keel=$!
  trap 'kill $keel 2>/dev/null; wait $keel 2>/dev/null' EXIT TERM
  for _ in $(seq 1 600); do grep -q "Keel ready" "$KEEL_OUT" && break; sleep 0.05; done
  started=$(date +%s%N)
  [ "$WARMUP" -gt 0 ] && taskset -c 0 java -cp target/keel.jar bench/GatewayLoad.java count "$URL" "$KEY" "$WARMUP" 4 $keel > /dev/null
  echo "warm-up: $WARMUP calls in $(( ($(date +%s%N) - started) / 1000000 )) ms; Keel ready"
  wait $keel
  exit 0
fi
source bench/upstream.sh
seconds=${1:-15}; shift || true
[ $# -gt 0 ] || set -- 0 1000 3000
command -v nginx >/dev/null || bench_needs nginx-light
work=$(mktemp -d)
up=$(free_port)
bench_nginx "$work/nginx" "$up"
trap 'kill $nginx_pid 2>/dev/null || true' EXIT
key="sk-keel-bench$(date +%s%N)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); keel: ${KEEL:-bin/keel}"
echo "warm-up rps sent ok errors p50_ms p90_ms p99_ms p999_ms max_ms ready_ms(incl. warm-up) | warm-up took | Keel's own ready"
for w in "$@"; do
  home="$work/cold-$w"; bench_keel_home "$home" "$up" "$key"; port=$(free_port)
  url="http://127.0.0.1:$port/v1/chat/completions"
  row=$(env KEEL_ROUTES="$PWD/routes" KEEL_HTTP_PORT="$port" KEEL_MANAGEMENT_PORT=0 KEEL_GATEWAY_AGENTS=bench KEEL_GUARD_MODE=observe \
    KEEL_OUT="$home/keel.out" URL="$url" KEY="$key" WARMUP="$w" taskset -c 0 java -cp target/keel.jar bench/GatewayLoad.java cold \
    "$url" "$key" 500 "$seconds" "http://127.0.0.1:$up/v1/chat/completions" "$home/start.out" "$0" --start --home "$home" run | grep -v '^errors')
  echo "$w $row | $(grep -o '[0-9]* ms; Keel' "$home/start.out" | cut -d' ' -f1) ms | $(grep -o '[0-9]* ms after JVM start' "$home/keel.out" | cut -d' ' -f1) ms"
done
