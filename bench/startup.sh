#!/usr/bin/env bash
# Start-up to "all routes started" and idle RSS of `keel run`, median of N runs (default 5).
# Each run starts the shaded jar in a fresh temporary home, reads the "Keel ready: ... ms after JVM
# start" line Keel logs once every route has started, waits IDLE seconds, reads VmRSS, stops Keel.
# Usage: bench/startup.sh [runs] [idle-seconds]    (build first: mvn -B package -DskipTests)
#        CDS=0 bench/startup.sh ...   the same without the class-data-sharing archive (plain java -jar)
#        KEEL=bin/keel bench/startup.sh ... the README's command (JDK 25 + AOT cache where present, else 17 + CDS)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
idle=${2:-20}
jar=target/keel.jar
[ -f "$jar" ] || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }

ready=(); rss=()
for i in $(seq 1 "$runs"); do
  home=$(mktemp -d)
  log=$home/stdout.log
  cds=""
  [ "${CDS:-1}" = "1" ] && [ -f target/keel.jsa ] && cds="-XX:SharedArchiveFile=target/keel.jsa"
  if [ -n "${KEEL:-}" ]; then
    KEEL_JAVA_OPTS="-Dkeel.routes=$PWD/routes -Dkeel.http.port=0 -Dkeel.management.port=0" $KEEL --home "$home" run >"$log" 2>&1 &
  else
    java $cds -Dkeel.routes="$PWD/routes" -Dkeel.http.port=0 -Dkeel.management.port=0 -jar "$jar" --home "$home" run >"$log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 300); do grep -q "Keel ready" "$log" && break; sleep 0.1; done
  ms=$(grep -o "[0-9]* ms after JVM start" "$log" | grep -o "^[0-9]*")
  sleep "$idle"
  kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$home"
  ready+=("$ms"); rss+=("$((kb / 1024))")
  echo "run $i: ready ${ms} ms after JVM start, RSS ${rss[-1]} MiB after ${idle} s idle"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median: ready $(median "${ready[@]}") ms (target <= 2000), idle RSS $(median "${rss[@]}") MiB (target <= 250)"
