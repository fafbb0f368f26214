#!/usr/bin/env bash
# The content pipeline at volume (issue 4), against the targets the issue names, in one run:
#   - 10,000 tasks through the full route (inbox -> queue -> safety review -> router -> provider call
#     over HTTP -> output filters + QA gate -> output file with YAML header -> row marked -> REPORT.md),
#     against a zero-latency fake model (nginx with a fixed OpenAI-format answer, bench/upstream.sh): tasks/s and peak RSS.
#     Target: >= 1,000 tasks/s on this 2-core machine. Each round is a fresh Keel (cold), then again in a
#     Keel that first ran a 30,000-task warm-up batch (steady state). Reference in the same run: the fake
#     model called straight, 4 at a time (bench/GatewayLoad.java): the ceiling no pipeline over HTTP passes here.
#   - 100,000 tasks in one 15 MB JSON file, Keel started with -Xmx256m: the file is streamed (never
#     held), the queue is in the database; peak heap used (jstat, every second) and peak RSS.
#     Target: heap <= 256 MB for 100k tasks.
# Each run is a fresh Keel home on embedded H2 (file), as `keel run` starts by default.
# Usage: bench/content.sh [tasks-small] [tasks-large] [rounds]   (build first: mvn -B package -DskipTests)
#   tasks-large 0 skips the 100k run; WARM=N sizes the warm-up batch (default 30000; 0 skips the warm rounds);
#   PROFILE=DIR records each warm round's measured batch with JFR (settings=profile) into DIR and prints
#   its summary (bench/jfr-top.py); the fresh rounds are not recorded. THREADS=1 prints, per round, the CPU
#   each thread group used in the whole run (jstack's cpu=, start-up included) and the batch's CPU ms per task.
# Keel starts as bin/keel starts it (the README's fast configuration): on Temurin 25 with the build's AOT cache where
# both are there (the JDK tools of the same JDK attach to it), else on java 17 with the CDS archive; JDK17=1 forces 17.
set -euo pipefail
cd "$(dirname "$0")/.."
small=${1:-10000}
large=${2:-100000}
rounds=${3:-3}
warmup=${WARM:-30000}
java25=${KEEL_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
if [ -z "${JDK17:-}" ] && [ -x "$java25" ] && [ -f target/keel.aot ]; then
  export PATH="$(dirname "$java25"):$PATH"
  start_keel() { local jvm=$1; shift; KEEL_JAVA_OPTS="$jvm ${KEEL_JAVA_OPTS:-}" exec bin/keel "$@"; } # start_keel "JVM OPTS" KEEL ARGS...
else
  start_keel() { local jvm=$1; shift; exec java -XX:SharedArchiveFile=target/keel.jsa -Xlog:cds=off $jvm ${KEEL_JAVA_OPTS:-} -jar target/keel.jar "$@"; }
fi
# the fake model: Debian's nginx answering a fixed article (bench/upstream.sh), far faster than the pipeline
source bench/upstream.sh
up=$(free_port)
work=$(mktemp -d)
command -v nginx >/dev/null || bench_needs nginx-light
bench_nginx "$work/nginx" "$up" article
upstream=$nginx_pid
keel=""
trap 'kill $upstream $keel 2>/dev/null || true' EXIT

batch() { # batch FILE N ID: N inline tasks with variables, JSON
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
path, n, batch = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    f.write('{"id": "' + batch + '", "defaults": {"template": "none", "variables": {"audience": "ops teams"}}, "tasks": [\n')
    for i in range(n):
        f.write(("," if i else "") + json.dumps({"id": "t%06d" % i, "inline": "Write a short article about topic {{topic}} for {{audience}}.",
                                                  "variables": {"topic": "number %d" % i}, "priority": "P%d" % (i % 4)}) + "\n")
    f.write("]}\n")
PY
}

run() { # run TASKS HEAP WARM: one fresh Keel, a warm-up batch of WARM tasks, then the batch measured
  local tasks=$1 heap=$2 warm=$3 home port
  home=$(mktemp -d -p "$work"); port=$(free_port)
  mkdir -p "$home/inbox/content"
  cat > "$home/providers.yaml" <<YAML
providers:
  - {name: up, type: openai-compatible, tier: reasoning, base-url: 'http://127.0.0.1:$up/v1', key-secret: upstream-key,
     models: [m1], context-window: 128000, price: {input: 0.6, output: 2.5}}
routing:
  target-mix: {local: 0, reasoning: 100, critical: 0}
  fallback: [up]
YAML
  mkdir -p "$home/secrets"; printf 'sk-bench-upstream-0000000000' > "$home/secrets/upstream-key"; chmod 600 "$home/secrets/upstream-key"
  KEEL_ROUTES="$PWD/routes" KEEL_HTTP_PORT=$port KEEL_MANAGEMENT_PORT=0 KEEL_GUARD_MODE=observe KEEL_STORAGE_MIN_AGE=0s \
    KEEL_STORAGE_POLL_INTERVAL=200ms start_keel "$heap" --home "$home" run > "$home/keel.out" 2>&1 &
  keel=$!
  for _ in $(seq 1 300); do grep -q "Keel ready" "$home/keel.out" && break; sleep 0.1; done
  if [ "$warm" -gt 0 ]; then # warm-up batch, not counted: Keel's JIT compiles its hot paths (C2 takes a core for ~10 s)
    batch "$home/warm.json" "$warm" warm
    mv "$home/warm.json" "$home/inbox/content/warm.json"
    while [ ! -f "$home/outbox/content/warm/REPORT.md" ]; do sleep 0.2; done
  fi
  batch "$home/batch.json" "$tasks" bench
  local peak_heap=0 peak_rss=0 start end
  [ -n "${PROFILE:-}" ] && [ "$warm" -gt 0 ] && jcmd "$keel" JFR.start name=bench settings=profile > /dev/null
  local cpu0 sys0
  cpu0=$(awk '{print $14+$15}' "/proc/$keel/stat"); sys0=$(awk '{print $15}' "/proc/$keel/stat")
  start=$(date +%s.%N)
  mv "$home/batch.json" "$home/inbox/content/bench.json"
  while [ ! -f "$home/outbox/content/bench/REPORT.md" ]; do
    h=$(jstat -gc "$keel" 2>/dev/null | awk 'NR==2{printf "%d", ($3+$4+$6+$8)/1024}') || h=0
    r=$(awk '/VmHWM/{printf "%d", $2/1024}' "/proc/$keel/status" 2>/dev/null) || r=0
    [ "${h:-0}" -gt "$peak_heap" ] && peak_heap=$h
    [ "${r:-0}" -gt "$peak_rss" ] && peak_rss=$r
    kill -0 "$keel" 2>/dev/null || { echo "Keel died: $(tail -3 "$home/keel.out")" >&2; return 1; }
    sleep 0.2
  done
  end=$(date +%s.%N)
  r=$(awk '/VmHWM/{printf "%d", $2/1024}' "/proc/$keel/status"); [ "$r" -gt "$peak_rss" ] && peak_rss=$r
  if [ -n "${PROFILE:-}" ] && [ "$warm" -gt 0 ]; then
    mkdir -p "$PROFILE"; jfr_file="$PROFILE/content-warm-$(date +%H%M%S).jfr"
    jcmd "$keel" JFR.stop name=bench filename="$jfr_file" > /dev/null
  fi
  if [ -n "${THREADS:-}" ]; then
    # the kernel's share (system time) apart: on ext4 here a file's create cost from ~20 µs to ~1 ms of it (RESULTS.md)
    awk -v c0="$cpu0" -v s0="$sys0" -v n="$tasks" '{printf "batch CPU %.1f s, %.2f ms per task (%.2f ms of it in the kernel)\n", ($14+$15-c0)/100, ($14+$15-c0)*10/n, ($15-s0)*10/n}' "/proc/$keel/stat" >&2
    jstack "$keel" | python3 -c '
import re, sys, collections
g = collections.Counter()
for m in re.finditer(r"^\"([^\"]+)\".*? cpu=([0-9.]+)ms", sys.stdin.read(), re.M):
    name = re.sub(r"#?[0-9]+", "#", m.group(1))
    g[name] += float(m.group(2))
for name, ms in g.most_common(12):
    print("  %8.1f s  %s" % (ms / 1000, name), file=sys.stderr)'
  fi
  local cpu up_cpu
  cpu=$(awk '{printf "%.1f", ($14+$15)/100}' "/proc/$keel/stat")
  up_cpu=$(awk '{printf "%.1f", ($14+$15)/100}' "/proc/$(pgrep -P "$upstream" | head -1)/stat")  # the nginx worker
  local done
  done=$(grep -o '| done | [0-9]*' "$home/outbox/content/bench/REPORT.md" | grep -o '[0-9]*$')
  kill "$keel"; wait "$keel" 2>/dev/null || true; keel=""
  awk -v n="$tasks" -v s="$start" -v e="$end" -v rss="$peak_rss" -v heap="$peak_heap" -v d="$done" -v c="$cpu" -v u="$up_cpu" \
    'BEGIN{printf "%d %.2f %.0f %d %d %s %s %s\n", n, e-s, n/(e-s), rss, heap, d, c, u}'
  [ -n "${KEEP:-}" ] && echo "kept $home" >&2 || rm -rf "$home"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -m | awk '/Mem:/{print $2}') MiB, $(java -version 2>&1 | head -1)"
echo "--- reference: the fake model called straight, 4 at a time, $small calls (calls/s is the ceiling here)"
bench_direct "$small" "http://127.0.0.1:$up/v1/chat/completions" "$upstream"
echo "--- $small tasks through the full route, default heap: round tasks seconds tasks/s peak_rss_mib peak_heap_mib done keel_cpu_s upstream_cpu_s_total"
for round in $(seq 1 "$rounds"); do echo "$round $(run "$small" "" 0)"; done
if [ "$warmup" -gt 0 ]; then
  echo "--- the same after a warm-up batch of $warmup tasks in the same Keel (steady state: JIT done, heap sized)"
  for round in $(seq 1 "$rounds"); do echo "$round $(run "$small" "" "$warmup")"; done
fi
if [ "$large" -gt 0 ]; then
  echo "--- $large tasks streamed, -Xmx256m: round tasks seconds tasks/s peak_rss_mib peak_heap_mib done keel_cpu_s upstream_cpu_s_total"
  echo "1 $(run "$large" "-Xmx256m" 0)"
fi
if [ -n "${PROFILE:-}" ]; then
  for f in "$PROFILE"/content-warm-*.jfr; do
    [ -f "$f" ] || continue
    echo "--- JFR of a warm batch: $f"
    python3 bench/jfr-top.py "$f" 20 dev.keel org.apache.camel org.h2 dev.langchain4j java.net.http com.fasterxml \
      org.yaml.snakeyaml java.util.regex ch.qos.logback org.slf4j com.zaxxer java.nio
  done
fi
