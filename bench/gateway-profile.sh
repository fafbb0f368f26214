#!/usr/bin/env bash
# Where a warm gateway call's time goes: Keel pinned to core 1 with a JFR recording (settings=profile), nginx and
# the load generator on core 0; 20,000 warm-up calls, then SECONDS at RPS; prints bench/jfr-top.py's summary
# (top self frames, inclusive shares per library) and keeps the recording.
# Usage: bench/gateway-profile.sh [rps] [seconds] [out.jfr]   (build first: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/upstream.sh
rps=${1:-500}; seconds=${2:-20}; out=${3:-$(mktemp -d)/keel-gateway.jfr}
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
up=$(free_port); kport=$(free_port)
bench_nginx "$work/nginx" "$up"
pids=("$nginx_pid")
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
agent_key="sk-keel-bench$(date +%s%N)"
bench_keel_home "$work/keel" "$up" "$agent_key"
read -r -a keel_cmd <<< "${KEEL:-bin/keel}"
env KEEL_ROUTES="$PWD/routes" KEEL_HTTP_PORT="$kport" KEEL_MANAGEMENT_PORT=0 KEEL_GATEWAY_AGENTS=bench KEEL_GUARD_MODE=observe \
  KEEL_JAVA_OPTS="${KEEL_JAVA_OPTS:-}" taskset -c 1 "${keel_cmd[@]}" --home "$work/keel" run > "$work/keel.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -q "Keel ready" "$work/keel.out" && break; sleep 0.1; done
url="http://127.0.0.1:$kport/v1/chat/completions"
load() { taskset -c 0 java -cp target/keel.jar bench/GatewayLoad.java "$@"; }
load count "$url" "$agent_key" "${WARM:-20000}" 4 "${pids[1]}" > /dev/null
# CPU time Keel spends per call (all its threads: HTTP, route, ledger flushes, timers), from /proc: robust to other load
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK); before=$(ticks "${pids[1]}")
load count "$url" "$agent_key" "${CPU_CALLS:-20000}" 4 "${pids[1]}" > /dev/null
after=$(ticks "${pids[1]}")
echo "keel CPU per call: $(( (after - before) * 1000000 / hz / ${CPU_CALLS:-20000} )) us (${CPU_CALLS:-20000} calls, 4 at a time)"
jcmd "${pids[1]}" JFR.start name=gw settings=profile > /dev/null
echo "path rps sent ok errors p50_ms p90_ms p99_ms p999_ms max_ms"
echo "keel $(load rate "$url" "$agent_key" "$rps" "$seconds")"
jcmd "${pids[1]}" JFR.dump name=gw filename="$out" > /dev/null
echo "recording: $out"
python3 bench/jfr-top.py "$out" 25 org.apache.camel.component.platform.http org.apache.camel.processor org.apache.camel.component.bean \
  org.apache.camel.component.direct org.apache.camel.component.resilience4j io.vertx io.netty dev.langchain4j java.net.http \
  org.h2 com.fasterxml dev.keel.router dev.keel.gateway dev.keel.ledger dev.keel.db dev.keel.web java.util.UUID java.security
