#!/usr/bin/env bash
# The agents' gateway under load, side by side with the same load straight to its upstream, in one
# run: a zero-latency OpenAI-compatible fake (bench/FakeUpstream.java) behind `keel run`, driven at
# fixed rates by bench/GatewayLoad.java (open loop, latency from each request's scheduled time).
# Each round: direct then through Keel, at 200 and 500 requests/s; added latency = Keel - direct.
# Then 100,000 calls through Keel (8 at a time) with Keel's RSS every 10,000.
# Every call through Keel is routed, limited, costed and written to the H2 ledger, as in production.
# Usage: [KEEL_JAVA_OPTS=-Xmx256m] bench/gateway.sh [seconds per run] [rounds] [calls]   (build first: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
rounds=${2:-3}
calls=${3:-100000}
home=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
up=$(free_port); port=$(free_port)
java -Dsun.net.httpserver.nodelay=true bench/FakeUpstream.java "$up" > "$home/upstream.out" 2>&1 &
upstream=$!
mkdir -p "$home/secrets"
key="sk-keel-bench$(date +%s%N)"
printf '%s' "$key" > "$home/secrets/agent-key-bench"; printf 'sk-bench-upstream-0000000000' > "$home/secrets/upstream-key"
chmod 600 "$home/secrets/"*
cat > "$home/providers.yaml" <<YAML
providers:
  - {name: up, type: openai-compatible, tier: reasoning, base-url: 'http://127.0.0.1:$up/v1', key-secret: upstream-key,
     models: [m1], context-window: 128000, price: {input: 0.6, output: 2.5, cached-input: 0.15}}
routing:
  target-mix: {local: 80, reasoning: 15, critical: 5}
  fallback: [up]
YAML
KEEL_ROUTES="$PWD/routes" KEEL_HTTP_PORT=$port KEEL_MANAGEMENT_PORT=0 KEEL_GATEWAY_AGENTS=bench KEEL_GUARD_MODE=observe \
  java -XX:SharedArchiveFile=target/keel.jsa ${KEEL_JAVA_OPTS:-} -jar target/keel.jar --home "$home" run > "$home/keel.out" 2>&1 &
keel=$!
trap 'kill $keel $upstream 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do grep -q "Keel ready" "$home/keel.out" && break; sleep 0.1; done
load() { java -cp target/keel.jar bench/GatewayLoad.java "$@"; }
direct="http://127.0.0.1:$up/v1/chat/completions"; gateway="http://127.0.0.1:$port/v1/chat/completions"
# warm-up, not counted: Keel compiles its hot paths (each load run also warms its own JVM for 5 s first)
load count "$gateway" "$key" 20000 4 "$keel" > /dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -m | awk '/Mem:/{print $2}') MiB, $(java -version 2>&1 | head -1)"
echo "round path rps sent ok errors p50_ms p90_ms p99_ms p999_ms max_ms"
for round in $(seq 1 "$rounds"); do
  for rps in 200 500; do
    echo "$round direct $(load rate "$direct" - "$rps" "$seconds")"
    echo "$round keel $(load rate "$gateway" "$key" "$rps" "$seconds")"
  done
done
live() { jcmd "$keel" GC.run > /dev/null; jcmd "$keel" GC.heap_info | grep -o "used [0-9]*K" | head -1 | grep -o "[0-9]*" | awk '{printf "%.0f", $1/1024}'; }
echo "--- $calls calls through Keel (${KEEL_JAVA_OPTS:-default heap}), RSS of the Keel process"
echo "live heap after a full GC before: $(live) MiB"
if [[ "${KEEL_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then jcmd "$keel" VM.native_memory baseline > /dev/null; fi
load count "$gateway" "$key" "$calls" 8 "$keel"
echo "live heap after a full GC after: $(live) MiB"
if [[ "${KEEL_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then jcmd "$keel" VM.native_memory summary.diff | grep -E "^-|committed" | grep -E "Total|Java Heap|Thread|Code|GC|Internal|Other|Class|Arena|Symbol|NMT" | head -20; fi
rows=$(java -cp target/keel.jar org.h2.tools.Shell -url "jdbc:h2:$home/data/keel;AUTO_SERVER=TRUE" -user keel -password "" -sql "SELECT COUNT(*) FROM keel_model_call" 2>/dev/null | sed -n 2p || echo "?")
echo "ledger rows: $rows"
