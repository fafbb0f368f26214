#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples (jdk.ExecutionSample) for bench/RESULTS.md.
Usage: bench/jfr-top.py RECORDING.jfr [TOP] [PREFIX...]
Prints the top TOP methods by self samples (the frame on top of the stack), then, for each PREFIX
(a package or class prefix such as org.apache.pdfbox), the share of samples with such a frame anywhere
on the stack (inclusive). THREAD=main counts only that thread's samples. Reads `jfr print --events jdk.ExecutionSample --stack-depth 96`."""
import collections, os, re, subprocess, sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
prefixes = sys.argv[3:]
out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                     capture_output=True, text=True, check=True).stdout
frame = re.compile(r"^\s+([\w.$<>/]+)\(")
thread = os.environ.get("THREAD")
samples, self_counts, inclusive = 0, collections.Counter(), collections.Counter()
for event in out.split("jdk.ExecutionSample")[1:]:
    frames = [m.group(1) for m in (frame.match(l) for l in event.splitlines()) if m]
    if not frames or (thread and f'sampledThread = "{thread}"' not in event):
        continue
    samples += 1
    self_counts[frames[0]] += 1
    for p in prefixes:
        if any(f.startswith(p) for f in frames):
            inclusive[p] += 1
print(f"{samples} samples")
print("self (top of stack):")
for name, n in self_counts.most_common(top):
    print(f"  {100 * n / samples:5.1f}%  {name}")
if prefixes:
    print("inclusive (a frame of it anywhere on the stack):")
    for p in prefixes:
        print(f"  {100 * inclusive[p] / max(samples, 1):5.1f}%  {p}")
