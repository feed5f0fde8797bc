#!/bin/bash
# bench-workers.sh — the speed-up of a tiled run from 1 to 2 (or N) `minerisk worker` processes on BullMQ,
# through the CLI as users run it (BENCHMARKS.md, "Workers: 1 → 2 on this machine").
# Inputs:  IN (a folder with roads.geojson and incidents.geojson, e.g. gen.mjs M or L), WORK (an empty folder
#          of yours), PORT (a free loopback port for the run's own redis-server); TILES (default 16) and
#          WORKERS (default "1 2") and MERGE_FLAGS (default none) from the environment. XL end to end on one
#          machine: TILES=100 WORKERS=2 MERGE_FLAGS="--formats csv" (≈ 2.5 h on 2 cores: BENCHMARKS.md "XL").
# Outputs: for each worker count N, in WORK/wN: `plan` (not timed against the tiles), then N workers of
#          concurrency 1 started together, each under /usr/bin/time -v (worker*.time: CPU, peak RSS); the wall
#          time from the workers' start to the last tile's `.done`. Then one `merge` of the last run. Prints
#          one line per N (wall, CPU per worker, tiles per worker) and the speed-up against the first N.
# Params:  a fresh plan folder and a fresh redis-server per N, so nothing is skipped or shared between runs.
set -u
IN=$1; WORK=$2; PORT=$3; TILES=${TILES:-16}; WORKERS=${WORKERS:-"1 2"}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
CLI=$HERE/dist/cli/main.js
[ -f "$CLI" ] || { echo "no $CLI: run npm run build first" >&2; exit 2; }
[ -f "$IN/roads.geojson" ] || { echo "no $IN/roads.geojson: generate it with node ../shared/bench/gen.mjs M|L DIR" >&2; exit 2; }
mkdir -p "$WORK" || exit 1
T="/usr/bin/time -v"
FIRST=""
for N in $WORKERS; do
  D=$WORK/w$N; rm -rf "$D"; mkdir -p "$D"; cd "$D" || exit 1
  redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no > redis.log 2>&1 &
  RPID=$!; sleep 1
  $T node "$CLI" plan --roads "$IN/roads.geojson" --incidents "$IN/incidents.geojson" --dir shared --tiles "$TILES" --redis "redis://127.0.0.1:$PORT" > plan.out 2> plan.time || { echo "plan failed: $D/plan.time" >&2; exit 1; }
  COUNT=$(grep -oE '^minerisk plan: [0-9]+ tiles' plan.out | grep -oE '[0-9]+')
  START=$(date +%s.%N)
  for w in $(seq 1 "$N"); do
    $T node "$CLI" worker --redis "redis://127.0.0.1:$PORT" > worker$w.out 2> worker$w.time &
    echo $! > worker$w.pid
  done
  while [ "$(ls shared/parts/*.done 2>/dev/null | wc -l)" -lt "$COUNT" ]; do sleep 1; done
  WALL=$(echo "$(date +%s.%N) - $START" | bc)
  for w in $(seq 1 "$N"); do kill -TERM "$(pgrep -P "$(cat worker$w.pid)")" 2>/dev/null; done
  wait $(for w in $(seq 1 "$N"); do cat worker$w.pid; done) 2>/dev/null
  kill -TERM $RPID; wait $RPID 2>/dev/null
  LINE="workers $N: $COUNT tiles in $(printf '%.1f' "$WALL") s wall"
  for w in $(seq 1 "$N"); do
    CPU=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.1f", u+s}' worker$w.time)
    RSS=$(awk -F': ' '/Maximum resident/{printf "%.0f", $2/1024}' worker$w.time)
    DONE=$(grep -c ' done$' worker$w.out)
    LINE="$LINE; worker $w: $DONE tiles, $CPU CPU-s, $RSS MiB peak"
  done
  [ -z "$FIRST" ] && FIRST=$WALL
  echo "$LINE; speed-up $(echo "scale=2; $FIRST / $WALL" | bc) x against the first"
done
# MERGE_FLAGS: e.g. "--formats csv" for an XL run whose lixels.fgb (≈ 30 GB) would not fit the disk
$T node "$CLI" merge --dir shared --out merged --quiet ${MERGE_FLAGS:-} > merge.out 2> merge.time || { echo "merge failed: $D/merge.time" >&2; exit 1; }
echo "merge of the last run: $(ls merged | wc -l) files in $D/merged; $(awk -F': ' '/User time/{u=$2} /System time/{s=$2} /Elapsed/{w=$2} /Maximum resident/{r=$2} END{printf "%.1f CPU-s, %s wall, %.0f MiB peak", u+s, w, r/1024}' merge.time)"
