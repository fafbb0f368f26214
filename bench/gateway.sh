#!/usr/bin/env bash
# Agents' gateway added latency, Keel vs the Portkey gateway 1.15.2 (npm @portkey-ai/gateway, pinned in
# bench/portkey/package.json), side by side in one run. The upstream is Debian's nginx answering a static
# OpenAI-compatible chat.completion (bench/upstream.sh); nginx and the load generator run on core 0, the
# gateway under test alone on core 1 (taskset). Load: bench/GatewayLoad.java, open loop at a fixed rate,
# latency counted from each request's due time (no coordinated omission), 5 s of load-JVM warm-up first.
# Each round: direct, Keel, Portkey at 200/s then 500/s; added latency = gateway - direct of the same round.
# Then the first SECONDS after a fresh start at 500/s (each gateway spawned by the load generator, which
# starts sending the moment the gateway says it is ready; time-to-ready reported), COLD times each.
# Through Keel every call is authenticated (bearer key), routed, limited, costed and written to the ledger.
# Usage: bench/gateway.sh [seconds per run] [rounds] [cold runs]   (build first: mvn -B package -DskipTests)
#        KEEL="java -jar target/keel.jar" bench/gateway.sh ...   another Keel command (default: bin/keel's)
# Run it alone: /work/bin/heavy bench/gateway.sh (or on a quiet machine).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/upstream.sh
seconds=${1:-20}
rounds=${2:-3}
colds=${3:-3}
warm=${WARM:-20000}
command -v nginx >/dev/null || bench_needs nginx-light
bench_portkey
work=$(mktemp -d)
up=$(free_port)
bench_nginx "$work/nginx" "$up"
pids=("$nginx_pid")
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
portkey_js=bench/portkey/node_modules/@portkey-ai/gateway/build/start-server.js
read -r -a keel_cmd <<< "${KEEL:-bin/keel}"
agent_key="sk-keel-bench$(date +%s%N)"
keel_home() { bench_keel_home "$1" "$up" "$agent_key"; } # keel_home DIR: the nginx as provider, one agent key
keel_env() { # keel_env HOME PORT CMD...: CMD with Keel's settings for the bench in its environment
  local home=$1 port=$2; shift 2
  env KEEL_ROUTES="$PWD/routes" KEEL_HTTP_PORT="$port" KEEL_MANAGEMENT_PORT=0 KEEL_GATEWAY_AGENTS=bench KEEL_GUARD_MODE=observe "$@"
}
load() { taskset -c 0 java -cp target/keel.jar bench/GatewayLoad.java "$@"; }
portkey_load() { taskset -c 0 java -Dheaders="x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$up/v1" \
  -cp target/keel.jar bench/GatewayLoad.java "$1" "$2" sk-bench-upstream-0000000000 "${@:3}"; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -m | awk '/Mem:/{print $2}') MiB"
echo "keel: ${keel_cmd[*]}; portkey: $(node -p "require('./bench/portkey/node_modules/@portkey-ai/gateway/package.json').version") on node $(node --version)"
direct="http://127.0.0.1:$up/v1/chat/completions"

# warm: both gateways started once, on core 1, each warmed with 20,000 calls before the rounds
kport=$(free_port); pport=$(free_port)
keel_home "$work/keel"
# started without a shell function between, so $! is Keel's JVM itself (env, taskset and bin/keel exec)
env KEEL_ROUTES="$PWD/routes" KEEL_HTTP_PORT="$kport" KEEL_MANAGEMENT_PORT=0 KEEL_GATEWAY_AGENTS=bench KEEL_GUARD_MODE=observe \
  taskset -c 1 "${keel_cmd[@]}" --home "$work/keel" run > "$work/keel.out" 2>&1 &
pids+=($!)
taskset -c 1 node "$portkey_js" --port="$pport" --headless > "$work/portkey.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -q "Keel ready" "$work/keel.out" && grep -q "Ready for connections" "$work/portkey.out" && break; sleep 0.1; done
keel_url="http://127.0.0.1:$kport/v1/chat/completions"; portkey_url="http://127.0.0.1:$pport/v1/chat/completions"
load count "$keel_url" "$agent_key" "$warm" 4 "${pids[1]}" > /dev/null
portkey_load count "$portkey_url" "$warm" 4 "${pids[2]}" > /dev/null
echo "round path rps sent ok errors p50_ms p90_ms p99_ms p999_ms max_ms" | tee "$work/rounds.txt"
for round in $(seq 1 "$rounds"); do
  for rps in 200 500; do
    echo "$round direct $(load rate "$direct" - "$rps" "$seconds")" | tee -a "$work/rounds.txt"
    echo "$round keel $(load rate "$keel_url" "$agent_key" "$rps" "$seconds")" | tee -a "$work/rounds.txt"
    echo "$round portkey $(portkey_load rate "$portkey_url" "$rps" "$seconds")" | tee -a "$work/rounds.txt"
  done
done
rows=$(java -cp target/keel.jar org.h2.tools.Shell -url "jdbc:h2:$work/keel/data/keel;AUTO_SERVER=TRUE" -user keel -password "$(cat "$work/keel/secrets/keel-db-password")" \
  -sql "SELECT COUNT(*) FROM keel_model_call" 2>/dev/null | sed -n 2p || echo "?")
echo "ledger rows after the rounds (20,000 warm-up + every Keel call): $rows"
kill "${pids[1]}" "${pids[2]}" 2>/dev/null || true; wait "${pids[1]}" "${pids[2]}" 2>/dev/null || true
pids=("$nginx_pid")

echo "--- first $seconds s after a fresh start at 500/s: path rps sent ok errors p50 p90 p99 p999 max ready_ms" | tee "$work/cold.txt"
for c in $(seq 1 "$colds"); do
  home="$work/cold-$c"; keel_home "$home"; kport=$(free_port); pport=$(free_port)
  echo "cold-keel $(keel_env "$home" "$kport" taskset -c 0 java -cp target/keel.jar bench/GatewayLoad.java cold \
    "http://127.0.0.1:$kport/v1/chat/completions" "$agent_key" 500 "$seconds" "$direct" "$home/keel.out" \
    taskset -c 1 "${keel_cmd[@]}" --home "$home" run)" | tee -a "$work/cold.txt"
  echo "cold-portkey $(taskset -c 0 java -Dheaders="x-portkey-provider: openai|x-portkey-custom-host: http://127.0.0.1:$up/v1" \
    -cp target/keel.jar bench/GatewayLoad.java cold "http://127.0.0.1:$pport/v1/chat/completions" sk-bench-upstream-0000000000 \
    500 "$seconds" "$direct" "$home/portkey.out" taskset -c 1 node "$portkey_js" --port="$pport" --headless)" | tee -a "$work/cold.txt"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
echo "--- added latency over the upstream direct, median of $rounds rounds (ms): rate gateway p50 p90 p99"
for rps in 200 500; do
  for gw in keel portkey; do
    line="$rps $gw"
    for col in 7 8 9; do
      line="$line $(awk -v r="$rps" -v g="$gw" -v c="$col" '$3==r && $2=="direct" {d[$1]=$c} $3==r && $2==g {s[$1]=$c} END {for (k in s) printf "%.3f\n", s[k]-d[k]}' "$work/rounds.txt" | median)"
    done
    echo "$line"
  done
done
echo "--- first $seconds s at 500/s, median of $colds starts: gateway p50 p99 errors ready_ms"
for gw in keel portkey; do
  echo "$gw $(awk -v g="cold-$gw" '$1==g {print $6}' "$work/cold.txt" | median) $(awk -v g="cold-$gw" '$1==g {print $8}' "$work/cold.txt" | median) $(awk -v g="cold-$gw" '$1==g {s+=$5} END {print s+0}' "$work/cold.txt") $(awk -v g="cold-$gw" '$1==g {print $NF}' "$work/cold.txt" | median)"
done
echo "raw: $work"
