#!/usr/bin/env bash
# bench/run.sh: time `stanceshift run` against scikit-learn's TfidfVectorizer on the same text.
# See bench/README.md. Usage:
#
#   bench/run.sh [-s 10MB|100MB|1GB] [-r REPS] [-w WORKERS[,WORKERS...]] [-p] [-k]
#
#   -s SIZE     corpus size (bytes of text, decimal units); default 10MB
#   -r REPS     repetitions of each measurement, the median is reported; default 3
#   -w LIST     worker counts for stanceshift, comma-separated; "scale" means 1,2 (the speed-up
#               mode); default: nproc
#   -p          also write CPU and memory profiles of BenchmarkPipeline (go test -bench) and
#               print the top 15 functions by cumulative CPU time
#   -k          skip the sklearn baseline
#   -n          run stanceshift with --no-report (CSV reports only, no report.html and charts)
#   -S SEED     generator seed; default 1
#   -c REV      measure commit REV (extracted with git archive into a temporary directory)
#               instead of the working tree, which other work may be changing
#
# Raw logs (time -v output, run.json of each run, a TSV of every measurement) are kept under
# bench/corpora/runs/<timestamp>-<size>/ (git-ignored, like the corpora).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SIZE=10MB REPS=3 WORKERS=$(nproc) PROFILE=0 SKLEARN=1 SEED=1 REV= NOREPORT=()
usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while getopts "s:r:w:pknS:c:h" opt; do
	case $opt in
	s) SIZE=$OPTARG ;;
	r) REPS=$OPTARG ;;
	w) WORKERS=$OPTARG ;;
	p) PROFILE=1 ;;
	k) SKLEARN=0 ;;
	n) NOREPORT=(--no-report) ;;
	S) SEED=$OPTARG ;;
	c) REV=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -eq 0 ]] || usage
case $SIZE in 10MB | 100MB | 1GB) ;; *) echo "run.sh: -s must be 10MB, 100MB or 1GB, got $SIZE" >&2; exit 2 ;; esac
[[ $REPS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: -r must be a positive integer, got $REPS" >&2; exit 2; }
[[ $WORKERS == scale ]] && WORKERS=1,2
[[ $WORKERS =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "run.sh: -w must be N[,N...] or scale, got $WORKERS" >&2; exit 2; }
IFS=, read -r -a WLIST <<<"$WORKERS"

PY=/usr/bin/python3 # Debian's python, where python3-sklearn installs; not the first python3 on PATH
TIMEV=/usr/bin/time
[[ -x $TIMEV ]] || { echo "run.sh: $TIMEV (GNU time) is missing: apt-get install time" >&2; exit 1; }
if [[ $SKLEARN == 1 ]] && ! $PY -c 'import sklearn' 2>/dev/null; then
	echo "run.sh: installing python3-sklearn (apt)" >&2
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn >&2
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
LOGS=bench/corpora/runs/$(date -u +%Y%m%dT%H%M%SZ)-$SIZE
mkdir -p "$LOGS"

# SRC: the source tree that is built and profiled
SRC=$ROOT
if [[ -n $REV ]]; then
	SRC=$TMP/src
	mkdir -p "$SRC"
	git archive "$REV" | tar -x -C "$SRC"
	mkdir -p "$SRC/bench"
	cp bench/doc.go bench/pipeline_bench_test.go "$SRC/bench/"
fi
{ # what was measured: the commit, local changes, machine and load
	if [[ -n $REV ]]; then
		echo "commit $(git rev-parse "$REV") (git archive, working tree not used)"
	else
		echo "commit $(git rev-parse HEAD 2>/dev/null || echo unknown) plus the working tree:"
		git status --short -- cmd corpus pipeline results models 2>/dev/null | sed 's/^/changed /'
	fi
	echo "go $(go env GOVERSION); nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo)"
	echo "mem $(awk '/MemTotal/ { print $2 " kB" }' /proc/meminfo); started $(date -u +%FT%TZ); $(uptime)"
} >"$LOGS/source.txt"
echo "run.sh: building stanceshift" >&2
(cd "$SRC" && go build -o "$TMP/stanceshift" ./cmd/stanceshift)

CORPUS=bench/corpora/$SIZE-seed$SEED
if [[ ! -f $CORPUS/generated.json ]]; then
	echo "run.sh: generating $CORPUS" >&2
	rm -rf "$CORPUS"
	go run ./bench/gen -size "$SIZE" -out "$CORPUS" -seed "$SEED" >&2
fi
BYTES=$(sed -n 's/^ *"text_bytes": *\([0-9]*\).*/\1/p' "$CORPUS/generated.json")
[[ -n $BYTES ]] || { echo "run.sh: no text_bytes in $CORPUS/generated.json" >&2; exit 1; }

# wall seconds and peak RSS (kB) from a `time -v` log
wall() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$1"; }
load1() { awk '{ print $1 }' /proc/loadavg; }

TSV=$LOGS/measurements.tsv
printf 'size\ttool\tworkers\trep\twall_s\trss_kb\tload1_before\tload1_after\tcpu_s\n' >"$TSV"
STAGES=$LOGS/stages.tsv
printf 'size\tworkers\trep\tstage\tseconds\n' >"$STAGES"

for ((rep = 1; rep <= REPS; rep++)); do
	for w in "${WLIST[@]}"; do
		l0=$(load1)
		log=$LOGS/stanceshift-w$w-r$rep.time
		out=$TMP/out-w$w-r$rep
		echo "run.sh: [$SIZE rep $rep] stanceshift --workers $w (load $l0)" >&2
		if ! $TIMEV -v -o "$log" "$TMP/stanceshift" run --corpus "$CORPUS" --out "$out" --quiet --workers "$w" "${NOREPORT[@]}"; then
			echo "run.sh: stanceshift failed; see $log" >&2
			exit 1
		fi
		printf '%s\tstanceshift\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$SIZE" "$w" "$rep" "$(wall "$log")" "$(rss "$log")" "$l0" "$(load1)" "$(cpu "$log")" >>"$TSV"
		cp "$out/run.json" "$LOGS/run-w$w-r$rep.json"
		$PY -c 'import json,sys
for s in json.load(open(sys.argv[1]))["stages"]:
    print("\t".join([sys.argv[2], sys.argv[3], sys.argv[4], s["name"], "%.3f" % s["seconds"]]))' \
			"$out/run.json" "$SIZE" "$w" "$rep" >>"$STAGES"
		rm -rf "$out"
	done
	if [[ $SKLEARN == 1 ]]; then
		l0=$(load1)
		log=$LOGS/sklearn-r$rep.time
		echo "run.sh: [$SIZE rep $rep] sklearn TfidfVectorizer (load $l0)" >&2
		$TIMEV -v -o "$log" $PY bench/sklearn_tfidf.py "$CORPUS/provisions.txt" >"$LOGS/sklearn-r$rep.json"
		printf '%s\tsklearn\t1\t%s\t%s\t%s\t%s\t%s\t%s\n' "$SIZE" "$rep" "$(wall "$log")" "$(rss "$log")" "$l0" "$(load1)" "$(cpu "$log")" >>"$TSV"
	fi
done

# The table: medians over the repetitions.
$PY - "$TSV" "$STAGES" "$BYTES" "$CORPUS" <<'EOF'
import csv, json, statistics, sys
tsv, stages_tsv, nbytes, corpus = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = list(csv.DictReader(open(tsv), delimiter="\t"))
groups = {}
for r in rows:
    groups.setdefault((r["tool"], int(r["workers"])), []).append(r)
med = lambda xs: statistics.median(xs)
sk = groups.get(("sklearn", 1))
sk_mbs = nbytes / 1e6 / med([float(r["wall_s"]) for r in sk]) if sk else None
print(f"corpus {corpus}: {nbytes} bytes of text ({nbytes/1e6:.1f} MB), {len(rows)} measurements")
print()
print("| size | tool | workers | reps | median wall s | MB/s | peak RSS MB | RSS / corpus | throughput vs sklearn | CPU s (user+sys) | load avg (1 min) |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for (tool, w), rs in sorted(groups.items(), key=lambda kv: (kv[0][0] != "stanceshift", kv[0][1])):
    wall = med([float(r["wall_s"]) for r in rs])
    rss = med([int(r["rss_kb"]) for r in rs]) * 1024 / 1e6
    mbs = nbytes / 1e6 / wall
    ratio = f"{mbs / sk_mbs:.2f}x" if sk_mbs else "-"
    loads = ", ".join(r["load1_before"] for r in rs)
    cpus = med([float(r["cpu_s"]) for r in rs])
    print(f"| {rs[0]['size']} | {tool} | {w if tool == 'stanceshift' else '-'} | {len(rs)} | {wall:.2f} | {mbs:.2f} | {rss:.0f} | {rss*1e6/nbytes:.2f} | {ratio} | {cpus:.1f} | {loads} |")
st = list(csv.DictReader(open(stages_tsv), delimiter="\t"))
if st:
    ws = sorted({int(r["workers"]) for r in st})
    names = []
    for r in st:
        if r["stage"] not in names:
            names.append(r["stage"])
    print()
    print("stanceshift stages (median wall seconds, from run.json):")
    print()
    print("| stage | " + " | ".join(f"workers={w}" for w in ws) + " |")
    print("|---|" + "---|" * len(ws))
    for n in names:
        cells = []
        for w in ws:
            xs = [float(r["seconds"]) for r in st if r["stage"] == n and int(r["workers"]) == w]
            cells.append(f"{med(xs):.2f}" if xs else "-")
        print(f"| {n} | " + " | ".join(cells) + " |")
    if 1 in ws and len(ws) > 1:
        base = med([float(r["wall_s"]) for r in groups[("stanceshift", 1)]])
        for w in ws[1:]:
            x = med([float(r["wall_s"]) for r in groups[("stanceshift", w)]])
            print(f"\nspeed-up workers={w} vs 1 (process wall): {base / x:.2f}x")
if sk:
    fits = [json.load(open(p))["fit_transform_seconds"] for p in sorted(__import__("glob").glob(tsv.rsplit("/", 1)[0] + "/sklearn-r*.json"))]
    info = json.load(open(tsv.rsplit("/", 1)[0] + "/sklearn-r1.json"))
    print(f"\nsklearn: {info['rows']} provisions, {info['terms']} terms; fit_transform alone (median) {med(fits):.2f} s, the rest is start-up and import")
EOF
echo "run.sh: raw logs in $LOGS" >&2

if [[ $PROFILE == 1 ]]; then
	P=$LOGS/profile
	mkdir -p "$P"
	echo "run.sh: profiling BenchmarkPipeline on $CORPUS (workers ${WLIST[-1]})" >&2
	P=$ROOT/$P
	(cd "$SRC" && STANCESHIFT_BENCH_CORPUS=$ROOT/$CORPUS STANCESHIFT_BENCH_WORKERS=${WLIST[-1]} \
		STANCESHIFT_BENCH_HEAPPROFILE=$P/heap-live.prof \
		go test ./bench -run '^$' -bench '^BenchmarkPipeline$' -benchtime 1x -count 1 -benchmem \
		-cpuprofile "$P/cpu.prof" -memprofile "$P/mem.prof" -o "$P/bench.test") | tee "$P/bench.txt"
	echo
	echo "CPU, top 15 by cumulative time:"
	go tool pprof -top -cum -nodecount 15 "$P/bench.test" "$P/cpu.prof" 2>/dev/null | tee "$P/cpu-top-cum.txt"
	echo
	echo "CPU, top 15 by own time:"
	go tool pprof -top -nodecount 15 "$P/bench.test" "$P/cpu.prof" 2>/dev/null | tee "$P/cpu-top-flat.txt"
	echo
	echo "Memory, top 15 by bytes allocated:"
	go tool pprof -top -sample_index=alloc_space -nodecount 15 "$P/bench.test" "$P/mem.prof" 2>/dev/null | tee "$P/mem-top.txt"
	echo
	echo "Memory live when pipeline.Stream starts its second pass (the corpus-wide state), top 15:"
	go tool pprof -top -sample_index=inuse_space -nodecount 15 "$P/bench.test" "$P/heap-live.prof" 2>/dev/null | tee "$P/heap-live-top.txt"
	echo "run.sh: profiles in $P (go tool pprof -http=: $P/bench.test $P/cpu.prof)" >&2
fi
