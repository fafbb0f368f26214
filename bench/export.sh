#!/usr/bin/env bash
# Export bench: Keel's PDF+DOCX export of a generated corpus vs Debian's pandoc md->docx and md->html
# on the same files, in one run. Needs target/keel.jar (mvn -B package -DskipTests) and, for the
# comparison, pandoc (apt-get install pandoc; not a CI dependency).
# Usage: bench/export.sh [RUNS] [DOCS] [WARM]   (default 5 runs, 20 documents, the warm JVM exports the corpus 10 times)
# Prints wall, CPU (all threads) and peak RSS of each whole run, and the batch command's CPU by thread (export, JIT, GC).
#        PROFILE=1 bench/export.sh ...   also records the warm run with JFR and prints its top frames (bench/jfr-top.py)
# Keel runs as the README starts it (bin/keel: JDK 25 + AOT cache where present, else 17 + CDS archive).
# Run it alone: /work/bin/heavy bench/export.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/upstream.sh
command -v pandoc >/dev/null || bench_needs pandoc
runs=${1:-5}
docs=${2:-20}
warm=${3:-10}
work=bench/results/export
corpus=$work/corpus
rm -rf "$work" && mkdir -p "$work"
python3 bench/export-corpus.py "$corpus" "$docs" >/dev/null
jar=(env KEEL_JAVA_OPTS="-Dkeel.log.level=WARN" bin/keel --home "$work/home")
# the README's batch command for one-shot exports: C1 only (a short run never repays C2), a parallel
# collector with a bounded heap, two documents at once
batch=(env KEEL_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseParallelGC -Xmx512m -Dkeel.log.level=WARN" bin/keel --home "$work/home")
profile=()
[ -n "${PROFILE:-}" ] && profile=(env KEEL_JAVA_OPTS="-XX:+FlightRecorder -XX:StartFlightRecording=filename=$work/warm.jfr,settings=profile -Dkeel.log.level=WARN" bin/keel --home "$work/home")

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
wall_rss() { # runs "$@" under /usr/bin/time -v; prints "seconds maxrss_kb cpu_seconds" (CPU: user + system, all threads)
  /usr/bin/time -v "$@" >"$work/last.out" 2>"$work/last.time" || { cat "$work/last.out" "$work/last.time" >&2; exit 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=(n==3? t[1]*3600+t[2]*60+t[3] : t[1]*60+t[2])} /Maximum resident/ {r=$2}
    /User time/ {c+=$2} /System time/ {c+=$2} END {print s, r, c}' "$work/last.time"
}
# runs "$@" and prints its CPU seconds by thread name (sampled from /proc every 0.2 s; the JIT and GC threads are not
# Java threads, so this is where a one-shot run's compile and collection time shows)
threads_cpu() {
  "$@" >"$work/threads.out" 2>&1 &
  local pid=$! t s rest tid comm
  declare -A cpu name
  while kill -0 "$pid" 2>/dev/null; do
    for t in /proc/"$pid"/task/*; do
      # a thread may end between the listing and the read: skip it (and stay clear of set -e)
      s=$(cat "$t/stat" 2>/dev/null) || continue
      comm=$(cat "$t/comm" 2>/dev/null) || continue
      tid=${t##*/}; rest=${s##*) }; set -- $rest
      cpu[$tid]=$(( ${12} + ${13} )); name[$tid]=$(sed -E 's/[0-9]+$/#/' <<<"$comm")
    done
    sleep 0.2
  done
  wait "$pid" || { cat "$work/threads.out" >&2; exit 1; }
  declare -A by
  for tid in "${!cpu[@]}"; do by[${name[$tid]}]=$(( ${by[${name[$tid]}]:-0} + ${cpu[$tid]} )); done
  for t in "${!by[@]}"; do echo "${by[$t]} $t"; done | sort -rn | awk 'NR <= 5 {printf "%s%s %.2f s", (NR>1?", ":""), substr($0, index($0,$2)), $1/100} END {print ""}'
}

echo "== machine"; nproc; lscpu | grep -E "Model name|^CPU\(s\)"; free -g | awk '/Mem:/ {print "memory: " $2 " GiB"}'
java -version 2>&1 | head -1; [ -f target/keel.aot ] && /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -version 2>&1 | head -1; pandoc --version 2>/dev/null | head -1 || echo "pandoc: not installed"

: >"$work/keel.txt"; : >"$work/keel-batch.txt"; : >"$work/pandoc-docx.txt"; : >"$work/pandoc-html.txt"
for r in $(seq 1 "$runs"); do
  wall_rss "${jar[@]}" export "$corpus" --out "$work/out" --formats pdf,docx --parallel 1 >>"$work/keel.txt"
  grep '^run 1' "$work/last.out" | sed 's/^/  keel (plain java -jar, one at a time): /'
  wall_rss "${batch[@]}" export "$corpus" --out "$work/out" --formats pdf,docx --parallel 2 >>"$work/keel-batch.txt"
  grep '^run 1' "$work/last.out" | sed 's/^/  keel (batch command): /'
  pages=$(grep -o '[0-9]* PDF pages' "$work/last.out" | head -1 | cut -d' ' -f1)
  if command -v pandoc >/dev/null; then
    wall_rss bash -c "for f in $corpus/*.md; do pandoc \"\$f\" -o $work/out/\$(basename \"\$f\" .md).pandoc.docx; done" >>"$work/pandoc-docx.txt"
    wall_rss bash -c "for f in $corpus/*.md; do pandoc -s \"\$f\" -o $work/out/\$(basename \"\$f\" .md).pandoc.html; done" >>"$work/pandoc-html.txt"
  fi
done
# The JIT keeps compiling (C2) for about the first 120 documents of a JVM, so "warm" is the second half of a
# $warm-pass run; runs 2-6 are also printed, as session 5 quoted them. CPU per document holds on a shared machine.
echo "== warm (one JVM, the whole corpus $warm times, two at once; runs $((warm / 2 + 1))-$warm are warm)"
[ ${#profile[@]} -eq 0 ] && profile=("${jar[@]}")
"${profile[@]}" export "$corpus" --out "$work/out" --formats pdf,docx --repeat "$warm" --parallel 2 | tee "$work/warm.txt"
warm_runs() { awk -v from="$1" -v to="$2" '/^run [0-9]+:/ {n=$2+0; if (n >= from && n <= to) print}' "$work/warm.txt"; }
pick() { sed -E "s/$1/\\1/" | median; }
late=$((warm / 2 + 1))
warm_ms=$(warm_runs "$late" "$warm" | pick '.* ([0-9.]+) ms per document, .*')
warm_docs=$(warm_runs "$late" "$warm" | pick '.* ([0-9.]+) documents\/s.*')
warm_pages=$(warm_runs "$late" "$warm" | pick '.* ([0-9.]+) pages\/s.*')
warm_cpu=$(warm_runs "$late" "$warm" | pick '.*export threads ([0-9.]+) ms.*')
warm_proc=$(warm_runs "$late" "$warm" | pick '.*whole process ([0-9.]+) ms.*')
early_ms=$(warm_runs 2 6 | pick '.* ([0-9.]+) ms per document, .*')
echo "== CPU per document and phase, one thread (bench/ExportBench.java: $warm passes, the second half counted)"
java -Dkeel.log.level=WARN -cp target/keel.jar bench/ExportBench.java "$corpus" "$warm" "$((warm / 2))" 2>/dev/null | grep -E '^(median|process)' | tee "$work/phases.txt"

echo "== the batch command's CPU by thread, one more run (bench/results/export/threads.out)"
threads_cpu "${batch[@]}" export "$corpus" --out "$work/out" --formats pdf,docx --parallel 2 | tee "$work/batch-threads.txt"

echo "== results (medians of $runs runs; $docs documents, $pages PDF pages)"
row() { # tool, file of "seconds maxrss_kb cpu_seconds" lines
  printf '| %s | %s | %s | %s |\n' "$1" "$(cut -d' ' -f1 "$2" | median)" "$(cut -d' ' -f3 "$2" | median)" "$(( $(cut -d' ' -f2 "$2" | median | cut -d. -f1) / 1024 ))"
}
printf '| tool | whole run incl. start-up (s) | CPU, all threads (s) | peak RSS (MiB) |\n|---|---|---|---|\n'
row "keel export, batch command (PDF + DOCX)" "$work/keel-batch.txt"
row "keel export, plain java -jar, one at a time" "$work/keel.txt"
if [ -s "$work/pandoc-docx.txt" ]; then
  row "pandoc md→docx" "$work/pandoc-docx.txt"
  row "pandoc md→html" "$work/pandoc-html.txt"
fi
echo "keel warm (runs $late-$warm): $warm_ms ms per document (PDF + DOCX; wall, two at once), $warm_docs documents/s, $warm_pages PDF pages/s"
echo "keel warm (runs $late-$warm): CPU per document: export threads $warm_cpu ms, whole process $warm_proc ms (JIT and GC included)"
echo "keel warm (runs 2-6, as session 5 measured): $early_ms ms per document"
echo "keel runs (batch): $(cut -d' ' -f1 "$work/keel-batch.txt" | tr '\n' ' ')"
echo "keel runs (plain): $(cut -d' ' -f1 "$work/keel.txt" | tr '\n' ' ')"
if [ -n "${PROFILE:-}" ]; then
  echo "== JFR, the warm run (all 6 passes)"
  python3 bench/jfr-top.py "$work/warm.jfr" 15 com.openhtmltopdf org.apache.pdfbox org.apache.fontbox org.apache.poi org.apache.xmlbeans \
    com.vladsch.flexmark org.jsoup java.util.zip dev.keel.export.DocxRenderer dev.keel.export.PdfRenderer
fi
