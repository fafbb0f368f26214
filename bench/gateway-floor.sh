#!/usr/bin/env bash
# The floor under the gateway targets (issue 20): in one run, the same load as bench/gateway.sh through
#   direct    the upstream alone (nginx, bench/upstream.sh)
#   vertx     a Vert.x 4 proxy on the event loop (bench/GatewayFloor.java vertx): no Camel, no Keel code
#   camel-0   a Camel 4.17 platform-http route with JMX on, calling the upstream with Apache HttpClient 5
#   camel-20  the same route with 20 no-op processors before the call (a Keel agent call runs ~20 steps)
#   keel      Keel's gateway (bin/keel's command): authenticated, routed, limited, costed, in the ledger
# nginx and the load generator on core 0, each proxy alone on core 1 (started one at a time, each warmed with
# WARM calls); added latency = proxy - the direct run just before it, medians of [rounds] rounds. Then, for each,
# the first [seconds] at 500/s after a fresh start and its time from spawn to ready, [cold runs] starts each. PROXIES picks
# which (vertx-aot and camel-0-aot: the floor on a JDK 25 AOT cache trained for it, as Keel's build trains its own).
# Usage: bench/gateway-floor.sh [seconds per run] [rounds] [cold runs]   (build first: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/upstream.sh
seconds=${1:-15}
rounds=${2:-3}
colds=${3:-2}
warm=${WARM:-20000}
command -v nginx >/dev/null || bench_needs nginx-light
work=$(mktemp -d)
up=$(free_port)
bench_nginx "$work/nginx" "$up"
pids=("$nginx_pid")
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
mkdir -p "$work/floor"
javac -nowarn -cp target/keel.jar -d "$work/floor" bench/GatewayFloor.java
jar cf "$work/floor.jar" -C "$work/floor" . # an AOT cache takes classes from jars only
read -r -a keel_cmd <<< "${KEEL:-bin/keel}"
# the floors run on the JVM bin/keel starts Keel on: Temurin 25 where it is there (without Keel's AOT cache), else java 17
java25=${KEEL_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
floor_java=java; [ -x "$java25" ] && floor_java=$java25
agent_key="sk-keel-bench$(date +%s%N)"
direct="http://127.0.0.1:$up/v1/chat/completions"
load() { taskset -c 0 java -cp target/keel.jar bench/GatewayLoad.java "$@"; }
# proxy_cmd NAME PORT HOME [JVM OPTION]: the command line of proxy NAME listening on PORT (Keel's home in HOME);
# NAME-aot: the floor NAME on the JDK 25 AOT cache trained for it (train_aot), as Keel runs on the cache its build trained
proxy_cmd() {
  case $1 in
    *-aot) proxy_cmd "${1%-aot}" "$2" "$3" "-XX:AOTCache=$work/${1%-aot}.aot -Xlog:aot=off -Xlog:cds=off" ;;
    vertx) echo "$floor_java ${4:-} -cp target/keel.jar:$work/floor.jar GatewayFloor vertx $2 $direct" ;;
    camel-*) echo "$floor_java ${4:-} -cp target/keel.jar:$work/floor.jar GatewayFloor camel $2 $direct ${1#camel-}" ;;
    keel) echo "env KEEL_ROUTES=$PWD/routes KEEL_HTTP_PORT=$2 KEEL_MANAGEMENT_PORT=0 KEEL_GATEWAY_AGENTS=bench KEEL_GUARD_MODE=observe ${keel_cmd[*]} --home $3 run" ;;
  esac
}
# train_aot NAME: a training run of floor NAME (WARM calls, then a normal exit) writing its AOT cache (JDK 25, JEP 514)
train_aot() {
  local port; port=$(free_port)
  read -r -a cmd <<< "$(proxy_cmd "$1" "$port" - "-XX:AOTCacheOutput=$work/$1.aot -Xlog:aot=off -Xlog:cds=off")"
  taskset -c 1 "${cmd[@]}" > "$work/train-$1.out" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do grep -q "Ready for connections" "$work/train-$1.out" && break; sleep 0.1; done
  load count "http://127.0.0.1:$port/v1/chat/completions" - "$warm" 4 "$pid" > /dev/null
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  [ -f "$work/$1.aot" ] || { echo "no AOT cache from the training run of $1: $(tail -3 "$work/train-$1.out")" >&2; exit 1; }
}
# PROXIES: which to run (default all four; add vertx-aot camel-0-aot where Temurin 25 is there); rounds 0: cold starts only
read -r -a proxies <<< "${PROXIES:-vertx camel-0 camel-20 keel}"
for name in "${proxies[@]}"; do
  case $name in *-aot) [ "$floor_java" = java ] && { echo "$name needs Temurin 25 ($java25)" >&2; exit 1; }; train_aot "${name%-aot}" ;; esac
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -m | awk '/Mem:/{print $2}') MiB"
echo "floors on: $("$floor_java" -version 2>&1 | head -1); keel: ${keel_cmd[*]}"
echo "round path rps sent ok errors p50_ms p90_ms p99_ms p999_ms max_ms cpu_ms_per_call" | tee "$work/rounds.txt"
for name in "${proxies[@]}"; do
  [ "$rounds" -gt 0 ] || break
  port=$(free_port); home="$work/$name"; bench_keel_home "$home" "$up" "$agent_key"
  read -r -a cmd <<< "$(proxy_cmd "$name" "$port" "$home")"
  taskset -c 1 "${cmd[@]}" > "$work/$name.out" 2>&1 &
  pid=$!; pids+=("$pid")
  for _ in $(seq 1 600); do grep -q "Keel ready\|Ready for connections" "$work/$name.out" && break; sleep 0.1; done
  url="http://127.0.0.1:$port/v1/chat/completions"
  load count "$url" "$agent_key" "$warm" 4 "$pid" > /dev/null
  for round in $(seq 1 "$rounds"); do
    for rps in 200 500; do
      echo "$round direct-$name $(load rate "$direct" - "$rps" "$seconds") -" | tee -a "$work/rounds.txt"
      before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
      line=$(load rate "$url" "$agent_key" "$rps" "$seconds")
      after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
      sent=$(echo "$line" | awk '{print $2}')
      # CPU of the measured window and its 5 s load warm-up, per call sent in both
      echo "$round $name $line $(awk -v a="$after" -v b="$before" -v n="$sent" -v r="$rps" -v t="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", (a-b)*1000/t/(n+5*r)}')" | tee -a "$work/rounds.txt"
    done
  done
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
done

echo "--- first $seconds s after a fresh start at 500/s: path rps sent ok errors p50 p90 p99 p999 max ready_ms" | tee "$work/cold.txt"
for c in $(seq 1 "$colds"); do
  for name in "${proxies[@]}"; do
    port=$(free_port); home="$work/cold-$name-$c"; bench_keel_home "$home" "$up" "$agent_key"
    read -r -a cmd <<< "$(proxy_cmd "$name" "$port" "$home")"
    echo "cold-$name $(load cold "http://127.0.0.1:$port/v1/chat/completions" "$agent_key" 500 "$seconds" "$direct" \
      "$work/cold-$name-$c.out" taskset -c 1 "${cmd[@]}")" | tee -a "$work/cold.txt"
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
echo "--- added latency over the upstream direct, median of $rounds rounds (ms): rate path p50 p90 p99 cpu_ms_per_call"
for rps in 200 500; do
  for name in "${proxies[@]}"; do
    line="$rps $name"
    for col in 7 8 9; do
      line="$line $(awk -v r="$rps" -v g="$name" -v c="$col" '$3==r && $2=="direct-"g {d[$1]=$c} $3==r && $2==g {s[$1]=$c} END {for (k in s) printf "%.3f\n", s[k]-d[k]}' "$work/rounds.txt" | median)"
    done
    echo "$line $(awk -v r="$rps" -v g="$name" '$3==r && $2==g {print $12}' "$work/rounds.txt" | median)"
  done
done
echo "--- first $seconds s at 500/s, median of $colds starts: path p50 p99 errors ready_ms"
for name in "${proxies[@]}"; do
  echo "$name $(awk -v g="cold-$name" '$1==g {print $6}' "$work/cold.txt" | median) $(awk -v g="cold-$name" '$1==g {print $8}' "$work/cold.txt" | median) $(awk -v g="cold-$name" '$1==g {s+=$5} END {print s+0}' "$work/cold.txt") $(awk -v g="cold-$name" '$1==g {print $NF}' "$work/cold.txt" | median)"
done
echo "raw: $work"
