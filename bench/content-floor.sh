#!/usr/bin/env bash
# The floor under the content target (issue 20): bench/ContentFloor.java, a durable pipeline on Keel's libraries
# with none of Keel's work (H2 file database in keel_content_task's shape, claims of 64, Apache HttpClient 5 to the
# fake model, Jackson, an atomically renamed output file, done-marks committed every 50 ms), against the same
# fake model as bench/content.sh (nginx with a fixed article, bench/upstream.sh, core 0). One JVM on both cores,
# ROUNDS batches of TASKS one after another: round 1 is a fresh JVM's (the JIT at work), later rounds warm.
# Reference in the same run: the fake model called straight, 4 at a time (bench/GatewayLoad.java, as content.sh).
# The floor runs on the JVM content.sh starts Keel on: Temurin 25 where it is there (without Keel's AOT cache), else java 17.
# Then SPLIT=1 runs it again without the model call, without the output file, and without both (-Dfloor.skip).
# TMPDIR=/dev/shm puts its database and files on tmpfs (on this VM's ext4 a file's create costs the kernel 20 µs-1 ms).
# Usage: bench/content-floor.sh [tasks] [rounds] [workers]   (build first: mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${1:-10000}
rounds=${2:-4}
workers=${3:-4}
source bench/upstream.sh
command -v nginx >/dev/null || bench_needs nginx-light
work=$(mktemp -d)
up=$(free_port)
bench_nginx "$work/nginx" "$up" article
trap 'kill $nginx_pid 2>/dev/null || true' EXIT
mkdir -p "$work/classes"
javac -nowarn -cp target/keel.jar -d "$work/classes" bench/ContentFloor.java
java25=${KEEL_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
floor_java=java; [ -z "${JDK17:-}" ] && [ -x "$java25" ] && floor_java=$java25
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); floor on $("$floor_java" -version 2>&1 | head -1)"
echo "--- reference: the fake model called straight, 4 at a time, $tasks calls"
bench_direct "$tasks" "http://127.0.0.1:$up/v1/chat/completions" "$nginx_pid"
echo "--- the floor pipeline, $workers workers: round tasks seconds tasks/s cpu_ms_per_task"
"$floor_java" -cp "target/keel.jar:$work/classes" ContentFloor "http://127.0.0.1:$up/v1/chat/completions" "$tasks" "$work/floor" "$workers" "$rounds"
rm -rf "$work/floor"
if [ -n "${SPLIT:-}" ]; then
  for skip in http file http,file; do
    echo "--- the same without: $skip"
    "$floor_java" -Dfloor.skip="$skip" -cp "target/keel.jar:$work/classes" ContentFloor "http://127.0.0.1:$up/v1/chat/completions" "$tasks" "$work/floor" "$workers" "$rounds"
    rm -rf "$work/floor"
  done
fi
