#!/usr/bin/env python3
"""Summarises what the JIT did in a JFR recording made with bench/jit.jfc, for bench/RESULTS.md.
Usage: bench/jfr-jit.py RECORDING.jfr [TOP]
Prints compilations per compiler (count, distinct methods, compile time), C2's compilations and compile time per
10 s since the first event, the TOP largest C2 compilations by time (code size and inlined bytecode with them), and
deoptimizations by reason and by method. Reads `jfr print --json --events jdk.Compilation,jdk.Deoptimization`."""
import collections, json, subprocess, sys
from datetime import datetime

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.Compilation,jdk.Deoptimization", path],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]


def when(v):  # e.g. "2026-12-03T07:10:53.123456789Z": to microseconds
    return datetime.fromisoformat(v["startTime"][:26].rstrip("Z")).timestamp()


def seconds(iso):  # JFR durations are ISO-8601, e.g. "PT0.0123S"
    return float(iso[2:-1]) if iso.startswith("PT") and iso.endswith("S") else 0.0


def name(method):
    return f'{method["type"]["name"]}.{method["name"]}' if method else "?"


comps = [e["values"] for e in events if e["type"] == "jdk.Compilation"]
deopts = [e["values"] for e in events if e["type"] == "jdk.Deoptimization"]
if not comps:
    sys.exit("no jdk.Compilation events: was the recording made with bench/jit.jfc?")
times = [when(e["values"]) for e in events]
t0 = min(times)
print(f"{len(comps)} compilations, {len(deopts)} deoptimizations over {max(times) - t0:.0f} s")
for compiler in sorted({c["compiler"] for c in comps}):
    mine = [c for c in comps if c["compiler"] == compiler]
    print(f"  {compiler}: {len(mine)} compilations of {len({name(c['method']) for c in mine})} methods, "
          f"{sum(seconds(c['duration']) for c in mine):.1f} s compiling, {sum(not c['succeded'] for c in mine)} failed")
c2 = [c for c in comps if c["compiler"] == "c2"]
buckets = collections.defaultdict(lambda: [0, 0.0])
for c in c2:
    b = buckets[int((when(c) - t0) // 10)]
    b[0] += 1
    b[1] += seconds(c["duration"])
print("C2 per 10 s: " + ", ".join(f"{10 * k}s {n}/{s:.1f}s" for k, (n, s) in sorted(buckets.items())))
print("largest C2 compilations by time (code bytes, inlined bytecode bytes):")
for c in sorted(c2, key=lambda c: -seconds(c["duration"]))[:top]:
    print(f"  {seconds(c['duration']):6.2f} s  {c['codeSize']:6d} {c['inlinedBytes']:6d}  {'OSR ' if c['isOsr'] else ''}{name(c['method'])}")
print("deoptimizations by reason: " + ", ".join(f"{r} {n}" for r, n in collections.Counter(d["reason"] for d in deopts).most_common()))
for m, n in collections.Counter(name(d["method"]) for d in deopts).most_common(top // 2):
    print(f"  {n:4d}  {m}")
