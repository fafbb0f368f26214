#!/usr/bin/env bash
# 30 s of signed webhook traffic on loopback against `keel run`, driven by wrk (Debian's) with
# pre-signed, all-distinct requests; then counts the inbox files: every 202 must have its file.
# The data inbox is polled every 10 min during the run, so the files stay in the inbox to be counted
# (the intake's own cost is not part of this measure). Keel writes each file with fsync before 202.
# Usage: bench/webhooks.sh [seconds] [connections]   (build first: mvn -B package -DskipTests; apt install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
connections=${2:-8}
home=$(mktemp -d)
mkdir -p "$home/secrets"
secret="whsec-bench-$(date +%s%N)"
printf '%s' "$secret" > "$home/secrets/webhook-bench"
chmod 600 "$home/secrets/webhook-bench"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
KEEL_ROUTES="$PWD/routes" KEEL_HTTP_PORT=$port KEEL_MANAGEMENT_PORT=0 KEEL_WEBHOOKS_SOURCES=bench \
KEEL_STORAGE_POLL_INTERVAL=10m KEEL_GUARD_MODE=observe \
  java -jar target/keel.jar --home "$home" run > "$home/keel.out" 2>&1 &
pid=$!
java -cp target/keel.jar bench/WebhookRequests.java "$secret" 40000 "$home/warmup.tsv" warm
java -cp target/keel.jar bench/WebhookRequests.java "$secret" $((seconds * 5000)) "$home/requests.tsv" load
for _ in $(seq 1 300); do grep -q "Keel ready" "$home/keel.out" && break; sleep 0.1; done
# warm-up: 5 s with requests of their own (warm-*), not counted
wrk -t2 -c"$connections" -d5s -s bench/webhooks.lua "http://127.0.0.1:$port" -- "$home/warmup.tsv" 2 >/dev/null
out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/webhooks.lua "http://127.0.0.1:$port" -- "$home/requests.tsv" 2)
echo "$out"
files=$(find "$home/inbox/data" -maxdepth 1 -type f -name '*--load-*.json' | wc -l)
total=$(echo "$out" | grep -o "[0-9]* requests in" | grep -o "^[0-9]*")
non2xx=$(echo "$out" | grep -o "Non-2xx or 3xx responses: [0-9]*" | grep -o "[0-9]*$" || echo 0)
rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status)
kill "$pid"; wait "$pid" 2>/dev/null || true
ok=$((total - ${non2xx:-0}))
# wrk counts only completed requests: up to one per connection was still in flight (and written) at the end
verdict=$( [ "$files" -ge "$ok" ] && [ $((files - ok)) -le "$connections" ] && echo "every 202 has its file" || echo MISMATCH )
echo "completed: $total, non-2xx: ${non2xx:-0}, inbox files: $files ($verdict; up to $connections more were in flight when wrk stopped); Keel RSS after: ${rss} MiB"
rm -rf "$home"
