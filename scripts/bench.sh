#!/usr/bin/env bash
# Release benchmarks (`make bench`): catalogue load, index build, search, memory; the explorer's
# launch and keystroke → frame; `assetmap search` against `fzf --filter`; first frame against VisiData.
# Every figure printed is measured in this run. See docs/benchmarks.md.
#
# Environment:
#   BENCH_BUILD_DIR  where the release binaries are (default .build/release, what `make bench` builds)
#   BENCH_SIZES      catalogue sizes (default "10000 100000 1000000"); the peer comparisons use the largest
#   BENCH_SEED       synthetic catalogue seed (default 1)
#   BENCH_DATA       cache of generated catalogues, names, CSV and VisiData's venv (default .build/bench-data)
#   BENCH_NO_VD=1    skip installing and measuring VisiData
#   BENCH_COMMIT     what to print as the commit measured (default: git rev-parse HEAD of this tree)
#   BENCH_BOUNDARIES real ward boundaries for the map frame (default ../shared/data/boundaries/oldham_wards_2023.geojson)
#   BENCH_ONLY=map   run only the map frame benchmark (needs only assetmap-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD_DIR=${BENCH_BUILD_DIR:-.build/release}
SIZES=${BENCH_SIZES:-"10000 100000 1000000"}
SEED=${BENCH_SEED:-1}
DATA=${BENCH_DATA:-.build/bench-data}
BENCH=$BUILD_DIR/assetmap-bench
APP=$BUILD_DIR/assetmap
export LANG=${LANG:-C.UTF-8}
export ASSETMAP_ASSETS=$ROOT/Assets

BOUNDARIES=${BENCH_BOUNDARIES:-$ROOT/../shared/data/boundaries/oldham_wards_2023.geojson}
map_bench() {
  if [ -f "$BOUNDARIES" ]; then
    "$BENCH" map --boundaries "$BOUNDARIES" --count 100000 ${1:+--json "$1"}
  else
    echo "bench: $BOUNDARIES is missing; the map frame (real boundaries) is not measured"
  fi
}
if [ "${BENCH_ONLY:-}" = map ]; then
  [ -x "$BENCH" ] || { echo "bench: $BENCH is missing; build with: swift build -c release --product assetmap-bench" >&2; exit 1; }
  echo "assetmap map benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  map_bench
  exit 0
fi

for b in "$BENCH" "$APP"; do
  [ -x "$b" ] || { echo "bench: $b is missing; build with: swift build -c release --product $(basename "$b")" >&2; exit 1; }
done
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
BENCH=$BUILD_DIR/assetmap-bench
APP=$BUILD_DIR/assetmap
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
RESULTS=$DATA/results/$(date +%Y%m%d-%H%M%S)
mkdir -p "$RESULTS"
exec > >(tee "$RESULTS/bench.txt") 2>&1
START=$(date +%s)
step() { printf '\n### %s  (+%ss)\n' "$*" "$(( $(date +%s) - START ))"; }

echo "assetmap benchmarks — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)   (other work on the machine inflates every figure)"
echo "binaries: $BUILD_DIR   commit: ${BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')}"
echo "sizes: $SIZES   seed: $SEED   results: $RESULTS"

# Peers: fzf (Debian) and VisiData (PyPI, in a private venv under $DATA).
scripts/ensure-packages fzf tmux python3 || echo "bench: could not install fzf/tmux; those comparisons will say so"
VD=""
if [ -z "${BENCH_NO_VD:-}" ]; then
  VENV=$DATA/venv
  if [ ! -x "$VENV/bin/vd" ]; then
    step "installing VisiData (pip install visidata, into $VENV)"
    if { python3 -m venv "$VENV" || { scripts/ensure-packages python3-venv && python3 -m venv "$VENV"; }; } \
        && "$VENV/bin/pip" install --quiet visidata; then :; else
      echo "bench: pip could not install visidata; the VisiData comparison is skipped"
    fi
  fi
  [ -x "$VENV/bin/vd" ] && VD=$VENV/bin/vd && echo "VisiData: $("$VD" --version 2>/dev/null | head -1)"
fi
echo "fzf: $(fzf --version 2>/dev/null || echo 'not installed')"

LARGEST=0
for n in $SIZES; do
  [ "$n" -gt "$LARGEST" ] && LARGEST=$n
  db=$DATA/synthetic-$n-s$SEED.sqlite
  if [ -f "$db" ] && ! "$BENCH" check --count "$n" --seed "$SEED" --db "$db"; then
    echo "bench: the cached catalogue is stale (generator or schema changed); regenerating"
    rm -f "$db" "$db-wal" "$db-shm" "$db.search-index" "${db%.sqlite}".names.txt "${db%.sqlite}".csv
  fi
  if [ ! -f "$db" ]; then
    step "generating a synthetic catalogue of $n assets (cached in $db)"
    "$BENCH" generate --count "$n" --seed "$SEED" --db "$db"
  fi
  step "catalogue: $n assets"
  "$BENCH" catalogue --db "$db" --json "$RESULTS/catalogue-$n.json"
  step "explorer, in-process: $n assets"
  if [ "$n" -ge 1000000 ]; then rep=1; else rep=3; fi
  "$BENCH" app --db "$db" --repeat "$rep" --json "$RESULTS/app-$n.json"
done

step "explorer, in-process: the default catalogue"
DEFHOME=$(mktemp -d)
trap 'rm -rf "$DEFHOME"' EXIT
"$BENCH" app --home "$DEFHOME" --json "$RESULTS/app-default-fresh.json"
"$BENCH" app --home "$DEFHOME" --json "$RESULTS/app-default.json"

step "map frame: 100000 asset dots on real boundaries, 200x60"
map_bench "$RESULTS/map-100000.json"

# Whole-process peers on the largest catalogue.
db=$DATA/synthetic-$LARGEST-s$SEED.sqlite
names=$DATA/synthetic-$LARGEST-s$SEED.names.txt
csv=$DATA/synthetic-$LARGEST-s$SEED.csv
if [ ! -f "$names" ]; then
  "$BENCH" names --db "$db" --out "$names.partial" && mv "$names.partial" "$names"
fi
# The search index file beside the database: built, saved and checked against a fresh build,
# then read by a fresh process. `assetmap search` below then finds it current.
step "search index file: build, save and check ($LARGEST assets)"
rm -f "$db.search-index"
"$BENCH" persisted --db "$db" --json "$RESULTS/persisted-save-$LARGEST.json"
step "search index file: read in a fresh process ($LARGEST assets)"
"$BENCH" persisted --db "$db" --json "$RESULTS/persisted-read-$LARGEST.json"

step "compact catalogue (what the explorer loads): $LARGEST assets, a fresh process"
"$BENCH" compact --db "$db" --json "$RESULTS/compact-$LARGEST.json"

step "assetmap search vs fzf --filter: $LARGEST assets"
python3 scripts/bench_tui.py cli --assetmap "$APP" --db "$db" --names "$names" --size "$LARGEST" \
  --rows-label "$LARGEST assets ($(wc -l < "$names") names for fzf)" \
  --catalogue-json "$RESULTS/catalogue-$LARGEST.json" --json "$RESULTS/cli-$LARGEST.json" \
  "lunch club" "libary" "community centre"

vd_args=()
if [ -n "$VD" ]; then
  if [ ! -f "$csv" ]; then
    step "exporting the $LARGEST catalogue as CSV for VisiData (assetmap export --csv, cached)"
    "$APP" export --csv --db "$db" --read-only -o "$csv.partial" && mv "$csv.partial" "$csv"
  fi
  vd_args=(--vd "$VD" --csv "$csv" --rows "$LARGEST")
fi
step "first frame in tmux: $LARGEST assets"
python3 scripts/bench_tui.py tui --assetmap "$APP" --db "$db" --assets "$ROOT/Assets" \
  --label "$LARGEST assets" --target 1 --runs 2 --budget 10 --type "lunch club" \
  --json "$RESULTS/tui-$LARGEST.json" "${vd_args[@]}"

step "first frame in tmux: the default catalogue"
DEFCSV=$RESULTS/default.csv
"$APP" export --csv --db "$DEFHOME/catalogue.sqlite" --read-only -o "$DEFCSV"
vd_args=()
[ -n "$VD" ] && vd_args=(--vd "$VD" --csv "$DEFCSV" --rows "$(( $(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))))' "$DEFCSV") - 1 ))")
python3 scripts/bench_tui.py tui --assetmap "$APP" --default --assets "$ROOT/Assets" \
  --label "default catalogue" --target 0.1 --type "walking older" \
  --json "$RESULTS/tui-default.json" "${vd_args[@]}"

"$BENCH" summary "$RESULTS"/*.json
echo
echo "total wall time: $(( $(date +%s) - START )) s   load average at end: $(cut -d' ' -f1-3 /proc/loadavg)   log: $RESULTS/bench.txt"
