#!/bin/bash
# bench-merge-cli.sh — a tiled run through the CLI, and two merges of it side by side (BENCHMARKS.md, "Bounded merge").
# Inputs:  IN (a folder with roads.geojson and incidents.geojson, e.g. gen.mjs M), WORK (an empty folder of
#          yours), PORT (a free loopback port for the run's own redis-server), OTHER (another checkout's root,
#          e.g. main's, whose dist/ merges the same finished folder), ANALYZE=1 to run `analyze` whole too.
# Outputs: in WORK: plan → 2 workers → merge with this checkout's dist/, then OTHER's merge; each process under
#          /usr/bin/time -v (NAME.time: CPU, peak RSS); `cmp` of every output file against OTHER's merge (and
#          analyze's); then mergeRun alone on both builds (merge-only.mjs). Prints DIFF lines and a table.
# Params:  16 tiles, 2 workers of concurrency 1, nice -n 5.
set -u
IN=$1; WORK=$2; PORT=$3; OTHER=$4; ANALYZE=${ANALYZE:-}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
NEW=$HERE/dist/cli/main.js
OLD=$OTHER/dist/cli/main.js
mkdir -p "$WORK" && cd "$WORK" || exit 1
T="/usr/bin/time -v"
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no > redis.log 2>&1 &
echo $! > redis.pid
sleep 1
INPUTS="--roads $IN/roads.geojson --incidents $IN/incidents.geojson"
if [ -n "$ANALYZE" ]; then nice -n 5 $T node "$NEW" analyze $INPUTS --out whole --quiet > analyze.out 2> analyze.time; echo "analyze rc $?"; fi
nice -n 5 $T node "$NEW" plan $INPUTS --dir shared --tiles 16 --redis "redis://127.0.0.1:$PORT" > plan.out 2> plan.time; echo "plan rc $?"
for w in 1 2; do
  nice -n 5 $T node "$NEW" worker --redis "redis://127.0.0.1:$PORT" > worker$w.out 2> worker$w.time &
  echo $! > worker$w.pid
done
N=$(grep -oE '^minerisk plan: [0-9]+ tiles' plan.out | grep -oE '[0-9]+')
# the merges run after the tiles (not with --wait-s), so their CPU is the merge's alone
while [ "$(ls shared/parts/*.done 2>/dev/null | wc -l)" -lt "$N" ]; do sleep 10; done
echo "tiles done: $N at $(date -u)"
for w in 1 2; do kill -TERM "$(pgrep -P "$(cat worker$w.pid)")"; done
sleep 5
kill -TERM "$(cat redis.pid)"
nice -n 5 $T node "$NEW" merge --dir shared --out merged --quiet > merge-new.out 2> merge-new.time; echo "merge-new rc $?"
nice -n 5 $T node "$OLD" merge --dir shared --out merged-other --quiet > merge-old.out 2> merge-old.time; echo "merge-old rc $?"
for f in $(ls merged-other); do cmp -s "merged/$f" "merged-other/$f" || echo "DIFF other-merge $f"; done
if [ -n "$ANALYZE" ]; then for f in $(ls whole); do cmp -s "merged/$f" "whole/$f" || echo "DIFF analyze $f"; done; fi
echo "files: $(ls merged | wc -l) merged, $(ls merged-other | wc -l) other"
for t in *.time; do echo "$t $(grep -E 'Maximum resident|User time|System time|Elapsed' "$t" | awk -F': ' '{printf "%s; ", $2}')"; done
for r in "$OTHER" "$HERE"; do nice -n 5 $T node "$HERE/scripts/bench/merge-only.mjs" "$r" "$WORK/shared" 2> mo.time; grep -E 'Maximum resident' mo.time; done
