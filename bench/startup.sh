#!/usr/bin/env bash
# Start-up to "all routes started" and idle RSS of `keel run`, median of N runs (default 5).
# Each run starts Keel, reads the "Keel ready: ... ms after JVM start" line Keel logs once every route has
# started, waits IDLE seconds, reads VmRSS, stops Keel.
# Usage: bench/startup.sh [runs] [idle-seconds]    (build first: mvn -B package -DskipTests)
#        CDS=0 bench/startup.sh ...   the same without the class-data-sharing archive (plain java -jar)
#        KEEL=bin/keel bench/startup.sh ... the README's command (JDK 25 + AOT cache where present, else 17 + CDS)
#        CORES=1 bench/startup.sh ...  Keel pinned to one core (taskset -c 1), as bench/gateway.sh's cold part runs it
#        HOMES=both bench/startup.sh ... each run twice: on a fresh home (every migration runs) and then a restart on
#                                       that same home (the case after a deploy or a crash); HOMES=fresh (default), restart
# No arguments and KEEL unset: KEEL=bin/keel CORES=1 HOMES=both, 5 runs, 1 s idle (the figures bench/RESULTS.md quotes).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ] && [ -z "${KEEL:-}" ] && [ -z "${CORES:-}" ] && [ -z "${HOMES:-}" ]; then
  KEEL=bin/keel CORES=1 HOMES=both
fi
runs=${1:-5}
idle=${2:-1}
homes=${HOMES:-fresh}
jar=target/keel.jar
[ -f "$jar" ] || { echo "build first: mvn -B package -DskipTests" >&2; exit 1; }
pin=()
case "${CORES:-}" in
  "") ;;
  1) pin=(taskset -c 1) ;;
  2) pin=(taskset -c 0,1) ;;
  *) echo "CORES is 1 or 2" >&2; exit 1 ;;
esac

# one start on $1 (a home folder): prints "ms rss-MiB cpu-ms" (cpu-ms: the JVM's CPU time, all threads, at "Keel ready")
start_once() {
  local home=$1 log=$1/stdout.$RANDOM.log cds="" pid ms kb cpu
  [ "${CDS:-1}" = "1" ] && [ -f target/keel.jsa ] && cds="-XX:SharedArchiveFile=target/keel.jsa"
  if [ -n "${KEEL:-}" ]; then
    KEEL_JAVA_OPTS="-Dkeel.routes=$PWD/routes -Dkeel.http.port=0 -Dkeel.management.port=0 ${KEEL_JAVA_OPTS:-}" \
      "${pin[@]}" $KEEL --home "$home" run >"$log" 2>&1 &
  else
    "${pin[@]}" java $cds -Dkeel.routes="$PWD/routes" -Dkeel.http.port=0 -Dkeel.management.port=0 -jar "$jar" --home "$home" run >"$log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 600); do grep -q "Keel ready" "$log" && break; sleep 0.05; done
  cpu=$(sed 's/.*) //' /proc/$pid/stat | awk -v hz="$(getconf CLK_TCK)" '{print int(($12 + $13) * 1000 / hz)}')
  ms=$(grep -o "[0-9]* ms after JVM start" "$log" | grep -o "^[0-9]*" || echo "?")
  sleep "$idle"
  kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms $((kb / 1024)) $cpu"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

fresh=(); restart=(); rss=(); fcpu=(); rcpu=()
for i in $(seq 1 "$runs"); do
  home=$(mktemp -d)
  if [ "$homes" = "restart" ]; then
    start_once "$home" >/dev/null   # the home's first start, not measured
  fi
  read -r ms mib cpu < <(start_once "$home")
  rss+=("$mib")
  if [ "$homes" = "restart" ]; then
    restart+=("$ms"); rcpu+=("$cpu"); echo "run $i: restart    ready ${ms} ms after JVM start, ${cpu} ms CPU, RSS ${mib} MiB after ${idle} s idle"
  else
    fresh+=("$ms"); fcpu+=("$cpu"); echo "run $i: fresh home ready ${ms} ms after JVM start, ${cpu} ms CPU, RSS ${mib} MiB after ${idle} s idle"
  fi
  if [ "$homes" = "both" ]; then
    read -r ms mib cpu < <(start_once "$home")
    restart+=("$ms"); rcpu+=("$cpu"); echo "run $i: restart    ready ${ms} ms after JVM start, ${cpu} ms CPU, RSS ${mib} MiB after ${idle} s idle"
  fi
  rm -rf "$home"
done
echo "command: ${KEEL:-java -jar $jar}, cores: ${CORES:-all}, $runs runs"
# the CPU time is robust to other load on the machine; on one core, ready >= CPU time
[ ${#fresh[@]} -gt 0 ] && echo "median, fresh home: ready $(median "${fresh[@]}") ms (target <= 1500), CPU $(median "${fcpu[@]}") ms"
[ ${#restart[@]} -gt 0 ] && echo "median, restart:    ready $(median "${restart[@]}") ms (target <= 1500), CPU $(median "${rcpu[@]}") ms"
echo "median idle RSS $(median "${rss[@]}") MiB (target <= 250)"
