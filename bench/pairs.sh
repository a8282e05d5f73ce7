#!/usr/bin/env bash
# Paired old/new timing: runs two stanceshift binaries alternately (ABBA: old new, new old, ...)
# on the same arguments and prints one line per run: label, pair, which, wall s, user s, sys s,
# peak RSS KB (/usr/bin/time). On a shared, noisy host, compare old and new only through such
# pairs made in the same minutes (BENCHMARKS.md).
#
#   bench/pairs.sh OLD_BIN NEW_BIN LABEL PAIRS ARGS...
#
# ARGS are stanceshift's arguments; the word DIR in them is replaced by a fresh output folder per
# run (removed first). With PREP=FOLDER set, FOLDER is copied to that output folder before each
# run (for `report --out DIR` over existing CSVs). Example, two pairs of the 100MB CSV job:
#
#   bench/pairs.sh /tmp/ss-old /tmp/ss-new run100 2 run --corpus bench/corpora/100MB-seed1 \
#       --out DIR --quiet --no-report --workers 2
set -euo pipefail
if [ $# -lt 5 ]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
old=$1 new=$2 label=$3 pairs=$4
shift 4
for bin in "$old" "$new"; do
  [ -x "$bin" ] || { echo "pairs.sh: $bin is not an executable" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$pairs"); do
  if [ $((i % 2)) -eq 1 ]; then order="old new"; else order="new old"; fi
  for which in $order; do
    if [ "$which" = old ]; then bin=$old; else bin=$new; fi
    out=$work/out-$which
    rm -rf "$out"
    if [ -n "${PREP:-}" ]; then cp -r "$PREP" "$out"; fi
    args=("${@//DIR/$out}")
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" "${args[@]}" >/dev/null
    echo "$label $i $which $(tail -1 "$work/time")"
  done
done
