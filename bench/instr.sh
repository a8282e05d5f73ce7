#!/usr/bin/env bash
# Instruction counts of two stanceshift builds on the same arguments, under valgrind's cachegrind
# without its cache simulation. Unlike wall or CPU time, an instruction count does not move with
# the host's speed or load (on this project's shared test machine the same 100MB run took from
# 20 to 32 s of CPU within ten minutes, BENCHMARKS.md), so it compares old and new code where
# bench/pairs.sh cannot; it does not see cache misses or parallelism, so pairs.sh and run.sh
# still give the seconds.
#
#   bench/instr.sh OLD_BIN NEW_BIN ARGS...
#
# ARGS are stanceshift's arguments; the word DIR in them is replaced by a fresh output folder
# per run. With PREP=FOLDER set, FOLDER is copied to that output folder before each run (for
# `report --out DIR` over existing CSVs, as in bench/pairs.sh). Use one worker (--workers 1:
# one goroutine's work in a fixed order) and a small corpus (valgrind runs about 30 to 50 times
# slower), e.g.
#
#   go run ./bench/gen -size 2MB -out /tmp/c2 -seed 1
#   bench/instr.sh /tmp/ss-old /tmp/ss-new run --corpus /tmp/c2 --out DIR --quiet --no-report --workers 1
#   PREP=/tmp/c2-csv bench/instr.sh /tmp/ss-old /tmp/ss-new report --out DIR
#
# It prints each build's total, the difference, and the twenty functions whose counts changed
# most. valgrind is installed with apt when missing.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
old=$1 new=$2
shift 2
for bin in "$old" "$new"; do
  [ -x "$bin" ] || { echo "instr.sh: $bin is not an executable" >&2; exit 2; }
done
if ! command -v valgrind >/dev/null; then
  echo "instr.sh: installing valgrind (apt)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >&2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for which in old new; do
  if [ "$which" = old ]; then bin=$old; else bin=$new; fi
  if [ -n "${PREP:-}" ]; then cp -r "$PREP" "$work/out-$which"; fi
  args=()
  for a in "$@"; do
    if [ "$a" = DIR ]; then args+=("$work/out-$which"); else args+=("$a"); fi
  done
  # asyncpreemptoff: valgrind does not deliver Go's preemption signals reliably (callgrind
  # crashes without it); GOGC=off with a fixed limit keeps the collector's work the same in
  # both runs whatever the environment sets.
  GODEBUG=asyncpreemptoff=1 GOGC=off GOMEMLIMIT=${GOMEMLIMIT:-250MiB} \
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$work/$which.cg" \
    "$bin" "${args[@]}" >/dev/null 2>"$work/$which.log" ||
    { echo "instr.sh: $which run failed:" >&2; tail -5 "$work/$which.log" >&2; exit 1; }
done
# Totals and per-function counts from the two cachegrind files ("fn=" starts a function, each
# "line count" line after it adds to it).
python3 - "$work/old.cg" "$work/new.cg" <<'PY'
import sys
from collections import Counter

def load(path):
    fns, fn, total = Counter(), "?", 0
    for line in open(path):
        if line.startswith("fn="):
            fn = line[3:].strip()
        elif line[:1].isdigit():
            parts = line.split()
            if len(parts) == 2:
                fns[fn] += int(parts[1])
        elif line.startswith("summary:"):
            total = int(line.split()[1])
    return total, fns

(o, ofn), (n, nfn) = load(sys.argv[1]), load(sys.argv[2])
print(f"old {o:,} instructions\nnew {n:,} instructions\ndiff {n - o:+,} ({100 * (n - o) / o:+.2f}%)")
delta = {f: nfn[f] - ofn[f] for f in set(ofn) | set(nfn)}
print("\nfunctions whose counts changed most (new - old, old):")
for f in sorted(delta, key=lambda f: -abs(delta[f]))[:20]:
    if delta[f]:
        print(f"{delta[f]:+15,} {ofn[f]:15,}  {f}")
PY
