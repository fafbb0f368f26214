#!/usr/bin/env bash
# Where a warm gateway call's time goes: Keel pinned to core 1 with a JFR recording (settings=profile), nginx and
# the load generator on core 0; 20,000 warm-up calls, then SECONDS at RPS; prints bench/jfr-top.py's summary
# (top self frames, inclusive shares per library) and keeps the recording.
# Usage: bench/gateway-profile.sh [rps] [seconds] [out.jfr]   (build first: mvn -B package -DskipTests)
#   env: WARM (warm-up calls, 20000), CPU_CALLS (calls the CPU split is measured over, 20000), CPU_ONLY=1 (stop after
#   the CPU split, no JFR), KEEL (start command, default bin/keel), KEEL_JAVA_OPTS, JIT=out.jfr (record every compilation
#   and deoptimization from the start with bench/jit.jfc and print bench/jfr-jit.py's summary after the CPU split)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/upstream.sh
rps=${1:-500}; seconds=${2:-20}; out=${3:-$(mktemp -d)/keel-gateway.jfr}
work=$(mktemp -d)
up=$(free_port); kport=$(free_port)
bench_nginx "$work/nginx" "$up"
pids=("$nginx_pid")
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
agent_key="sk-keel-bench$(date +%s%N)"
bench_keel_home "$work/keel" "$up" "$agent_key"
read -r -a keel_cmd <<< "${KEEL:-bin/keel}"
env KEEL_ROUTES="$PWD/routes" KEEL_HTTP_PORT="$kport" KEEL_MANAGEMENT_PORT=0 KEEL_GATEWAY_AGENTS=bench KEEL_GUARD_MODE=observe \
  KEEL_JAVA_OPTS="${KEEL_JAVA_OPTS:-}${JIT:+ -XX:StartFlightRecording=name=jit,settings=$PWD/bench/jit.jfc}" taskset -c 1 "${keel_cmd[@]}" --home "$work/keel" run > "$work/keel.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -q "Keel ready" "$work/keel.out" && break; sleep 0.1; done
url="http://127.0.0.1:$kport/v1/chat/completions"
load() { taskset -c 0 java -cp target/keel.jar bench/GatewayLoad.java "$@"; }
load count "$url" "$agent_key" "${WARM:-20000}" 4 "${pids[1]}" > /dev/null
# CPU time Keel spends per call by thread group (route worker, C2, event loop, ledger...), from /proc: robust to other load
snap() { for t in /proc/"${pids[1]}"/task/*; do echo "$(cat "$t/comm")|$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null || echo 0)"; done |
  sed -E 's/[-#]?[0-9]+\|/|/; s/ +\|/|/' | awk -F'|' '{a[$1] += $2} END {for (k in a) print k "|" a[k]}' | sort; }
calls=${CPU_CALLS:-20000}
snap > "$work/cpu-before"
load count "$url" "$agent_key" "$calls" 4 "${pids[1]}" > /dev/null
snap > "$work/cpu-after"
echo "keel CPU per call by thread ($calls calls, 4 at a time, after ${WARM:-20000} warm-up calls):"
join -t'|' "$work/cpu-before" "$work/cpu-after" | awk -F'|' -v hz="$(getconf CLK_TCK)" -v n="$calls" \
  '{d = $3 - $2; if (d > 0) {printf "  %-22s %6.0f us\n", $1, d * 1e6 / hz / n; t += d}} END {printf "  %-22s %6.0f us\n", "total", t * 1e6 / hz / n}'
if [ -n "${JIT:-}" ]; then
  jcmd "${pids[1]}" JFR.dump name=jit filename="$JIT" > /dev/null
  echo "JIT recording: $JIT"
  python3 bench/jfr-jit.py "$JIT"
fi
[ -n "${CPU_ONLY:-}" ] && exit 0
jcmd "${pids[1]}" JFR.start name=gw settings=profile > /dev/null
echo "path rps sent ok errors p50_ms p90_ms p99_ms p999_ms max_ms"
echo "keel $(load rate "$url" "$agent_key" "$rps" "$seconds")"
jcmd "${pids[1]}" JFR.dump name=gw filename="$out" > /dev/null
echo "recording: $out"
python3 bench/jfr-top.py "$out" 25 org.apache.camel.component.platform.http org.apache.camel.processor org.apache.camel.component.bean \
  org.apache.camel.component.direct org.apache.camel.component.resilience4j io.vertx io.netty dev.langchain4j java.net.http \
  org.h2 com.fasterxml dev.keel.router dev.keel.gateway dev.keel.ledger dev.keel.db dev.keel.web java.util.UUID java.security
