#!/bin/bash
# bench-xl-workers.sh — per-worker throughput of a large tiled run and the speed-up from 1 to 2 workers,
# time-boxed: one plan, then one `minerisk worker` alone for S1 seconds, then two side by side for S2
# seconds, in the same run folder (BENCHMARKS.md, "XL: tiles on 1 and 2 workers"). For inputs whose tiles
# take longer than a session to finish (XL: ≈ 3 CPU-hours); bench-workers.sh runs every tile instead.
# Inputs:  IN (a folder with roads.geojson and incidents.geojson, e.g. `node scripts/bench/gen-xl.mjs XL IN`),
#          WORK (an empty folder of yours), PORT (a free loopback port for the run's own redis-server);
#          TILES (default 100), S1 and S2 (default 1200 each) from the environment.
# Outputs: WORK/plan.time, WORK/worker-{a,b,c}.time (/usr/bin/time -v: CPU, peak RSS per process),
#          WORK/worker-{a,b,c}.log (the worker's lines, each with the epoch seconds in front), and the
#          throughput lines of tile-throughput.mjs: per tile, per worker, and b + c side by side.
# Params:  a worker is stopped with SIGTERM after its seconds and finishes the tile it is on (BullMQ's
#          close); only tiles started and finished inside a phase count for it.
set -u
IN=$1; WORK=$2; PORT=$3; TILES=${TILES:-100}; S1=${S1:-1200}; S2=${S2:-1200}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
CLI=$HERE/dist/cli/main.js
[ -f "$CLI" ] || { echo "no $CLI: run npm run build first" >&2; exit 2; }
[ -f "$IN/roads.geojson" ] || { echo "no $IN/roads.geojson: generate it with node scripts/bench/gen-xl.mjs XL $IN" >&2; exit 2; }
mkdir -p "$WORK" && cd "$WORK" || exit 1
T="/usr/bin/time -v"
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no > redis.log 2>&1 &
RPID=$!; sleep 1
URL=redis://127.0.0.1:$PORT
$T node "$CLI" plan --roads "$IN/roads.geojson" --incidents "$IN/incidents.geojson" --dir shared --tiles "$TILES" --redis "$URL" > plan.out 2> plan.time || { echo "plan failed: $WORK/plan.time" >&2; exit 1; }
echo "plan: $(awk -F': ' '/User time/{u=$2} /System time/{s=$2} /Elapsed/{w=$2} /Maximum resident/{r=$2} END{printf "%.1f CPU-s, %s wall, %.0f MiB peak", u+s, w, r/1024}' plan.time)"
stamp() { while IFS= read -r l; do echo "$(date +%s.%N) $l"; done; }
start() { # name → pid of the worker process in $name.pid
  ( $T node "$CLI" worker --redis "$URL" 2> "$1.time" | stamp > "$1.log" ) &
  sleep 2; pgrep -f "main.js worker --redis $URL" | sort -n | tail -1 > "$1.pid"
}
stop() { for w in "$@"; do kill -TERM "$(cat "$w.pid")" 2>/dev/null; done; for w in "$@"; do while kill -0 "$(cat "$w.pid")" 2>/dev/null; do sleep 2; done; done; }
start worker-a; sleep "$S1"; stop worker-a
start worker-b; start worker-c; sleep "$S2"; stop worker-b worker-c
kill -TERM $RPID; wait $RPID 2>/dev/null
echo "tiles finished: $(ls shared/parts/*.done 2>/dev/null | wc -l) of $TILES"
for w in worker-a worker-b worker-c; do echo "$w: $(awk -F': ' '/User time/{u=$2} /System time/{s=$2} /Maximum resident/{r=$2} END{printf "%.1f CPU-s, %.0f MiB peak", u+s, r/1024}' $w.time)"; done
node "$HERE/scripts/bench/tile-throughput.mjs" shared worker-a.log
node "$HERE/scripts/bench/tile-throughput.mjs" shared worker-b.log worker-c.log
