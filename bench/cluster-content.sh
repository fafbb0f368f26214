#!/usr/bin/env bash
# Content tasks/s with 1, 2 and 3 Keel nodes on one PostgreSQL and one shared work folder (issue 17):
# each run is a fresh schema and home, N nodes (`java -jar target/keel.jar run`, keel.node.id n1..nN),
# a batch of TASKS inline tasks against a zero-latency fake model (bench/FakeUpstream.java), timed from
# the drop to REPORT.md. Where the database's time goes: pg_stat_activity sampled every 100 ms during
# the batch (active backends by statement and wait event), and the commits of the run (pg_stat_database).
# The nodes share this machine's cores with PostgreSQL and the fake, so the point is that nothing
# collapses as nodes are added, and what the database spends its time on.
# Usage: PGURL=jdbc:postgresql://127.0.0.1:5432/keel_ci PGUSER=keel_ci PGPASSWORD=... bench/cluster-content.sh [tasks] [max nodes]
# (build first: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${1:-3000}
max=${2:-3}
: "${PGURL:=jdbc:postgresql://127.0.0.1:5432/keel_ci}" "${PGUSER:=keel_ci}" "${PGPASSWORD:?set PGPASSWORD}"
export PGPASSWORD
pghost=$(echo "$PGURL" | sed -E 's#jdbc:postgresql://([^:/]+).*#\1#'); pgdb=$(echo "$PGURL" | sed -E 's#.*/([^/?]+).*#\1#')
sql() { psql -h "$pghost" -U "$PGUSER" -d "$pgdb" -At -c "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
up=$(free_port)
java -Dsun.net.httpserver.nodelay=true bench/FakeUpstream.java "$up" article > "$work/upstream.out" 2>&1 &
pids=("$!")
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
sleep 2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), $(sql 'SHOW server_version')"
echo "nodes tasks seconds tasks/s done commits commits_per_task"
for n in $(seq 1 "$max"); do
  home="$work/home-$n"; schema="bench_${n}_$$"
  mkdir -p "$home/inbox/content" "$home/secrets"
  printf 'sk-bench-upstream-0000000000' > "$home/secrets/upstream-key"; chmod 600 "$home/secrets/upstream-key"
  cat > "$home/providers.yaml" <<YAML
providers:
  - {name: up, type: openai-compatible, tier: reasoning, base-url: 'http://127.0.0.1:$up/v1', key-secret: upstream-key,
     models: [m1], context-window: 128000, price: {input: 0.6, output: 2.5}}
routing:
  target-mix: {local: 0, reasoning: 100, critical: 0}
  fallback: [up]
YAML
  nodes=()
  for i in $(seq 1 "$n"); do
    KEEL_ROUTES="$PWD/routes" KEEL_HTTP_PORT=$(free_port) KEEL_MANAGEMENT_PORT=0 KEEL_GUARD_MODE=observe KEEL_STORAGE_MIN_AGE=0s \
      KEEL_STORAGE_POLL_INTERVAL=200ms KEEL_NODE_ID="n$i" KEEL_DB_URL="$PGURL?currentSchema=$schema" KEEL_DB_USER="$PGUSER" \
      KEEL_DB_PASSWORD_ENV=PGPASSWORD java -Xmx384m -XX:SharedArchiveFile=target/keel.jsa -jar target/keel.jar --home "$home" run \
      > "$home/keel-$i.out" 2>&1 &
    nodes+=("$!"); pids+=("$!")
    # the first node makes the schema (Flyway), then the others join it
    [ "$i" -eq 1 ] && for _ in $(seq 1 600); do grep -q "Keel ready" "$home/keel-1.out" && break; sleep 0.1; done
  done
  for i in $(seq 1 "$n"); do for _ in $(seq 1 600); do grep -q "Keel ready" "$home/keel-$i.out" && break; sleep 0.1; done; done
  python3 - "$home/batch.json" "$tasks" <<'PY'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write('{"id": "bench", "defaults": {"template": "none"}, "tasks": [\n')
    for i in range(n):
        f.write(("," if i else "") + json.dumps({"id": "t%06d" % i, "inline": "Write a short article about topic %d." % i}) + "\n")
    f.write("]}\n")
PY
  commits0=$(sql "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
  : > "$work/samples-$n"
  start=$(date +%s.%N)
  mv "$home/batch.json" "$home/inbox/content/bench.json"
  while [ ! -f "$home/outbox/content/bench/REPORT.md" ]; do
    sql "SELECT coalesce(wait_event_type, 'CPU') || ' ' || coalesce(wait_event, '-') || ' | ' || regexp_replace(left(query, 70), '\s+', ' ', 'g')
         FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()" >> "$work/samples-$n" || true
    sleep 0.1
  done
  end=$(date +%s.%N)
  commits1=$(sql "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
  done_=$(grep -o '| done | [0-9]*' "$home/outbox/content/bench/REPORT.md" | grep -o '[0-9]*$' || echo "?")
  awk -v n="$n" -v t="$tasks" -v s="$start" -v e="$end" -v d="$done_" -v c=$((commits1 - commits0)) \
    'BEGIN{printf "%d %d %.2f %.0f %s %d %.1f\n", n, t, e-s, t/(e-s), d, c, c/t}'
  echo "  database time, $(wc -l < "$work/samples-$n") active-backend samples, top statements:"
  sort "$work/samples-$n" | uniq -c | sort -rn | head -6 | sed 's/^/    /'
  kill "${nodes[@]}" 2>/dev/null || true; wait "${nodes[@]}" 2>/dev/null || true
  sql "DROP SCHEMA IF EXISTS $schema CASCADE" > /dev/null
done
