#!/usr/bin/env bash
# side-by-side.sh — `analyze` of two builds one after another on the same gen.mjs data, for "M and L must
# not get slower" (issue 22): M old, new, new, old; then L new, old. Each run one process under
# /usr/bin/time -v (wall, user + sys CPU, peak RSS), one line per run; then which M outputs differ.
# Inputs:  OLD_DIST NEW_DIST: two compiled dist/ folders (e.g. a worktree of the older commit after
#          `npm ci && npm run build`, and this clone's dist copied to build/dist-frozen so a rebuild cannot
#          touch it mid-run); DATA: a folder with M/ and L/ from `node ../shared/bench/gen.mjs M DATA/M` (and L).
# Outputs: OUT/summary.txt (the lines), OUT/{old,new}-M/ (kept, to compare bytes); L outputs are deleted.
# Usage:   bash scripts/bench/side-by-side.sh OLD_DIST NEW_DIST DATA OUT [sizes="M L"]
set -u
OLD=${1:?OLD_DIST}; NEW=${2:?NEW_DIST}; DATA=${3:?DATA}; out=${4:?OUT}; sizes=${5:-"M L"}
for s in $sizes; do [ -f "$DATA/$s/roads.geojson" ] || { echo "no $DATA/$s/roads.geojson: run node ../shared/bench/gen.mjs $s $DATA/$s first" >&2; exit 2; }; done
rm -rf "$out"; mkdir -p "$out"
run() { # tag dist size
  local tag=$1 dist=$2 size=$3 o=$out/$1-$3
  /usr/bin/time -v node "$dist/cli/main.js" analyze --roads "$DATA/$size/roads.geojson" --incidents "$DATA/$size/incidents.geojson" --out "$o" --timings --quiet > "$o.stdout" 2> "$o.time"
  local rc=$? t=$o.time
  local wall u s rss
  wall=$(grep "Elapsed (wall" "$t" | awk '{print $NF}'); u=$(grep "User time" "$t" | awk '{print $NF}')
  s=$(grep "System time" "$t" | awk '{print $NF}'); rss=$(grep "Maximum resident" "$t" | awk '{print $NF}')
  echo "$(date -u +%H:%M:%S) $tag $size rc=$rc wall=$wall cpu=$(echo "$u+$s" | bc) peakMiB=$((rss / 1024)) load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out/summary.txt"
}
for s in $sizes; do
  if [ "$s" = M ]; then run old "$OLD" M; run new "$NEW" M; run new "$NEW" M; run old "$OLD" M
  else run new "$NEW" "$s"; run old "$OLD" "$s"; rm -rf "$out/new-$s" "$out/old-$s"; fi
done
if [ -d "$out/new-M" ]; then
  for f in $(cd "$out/new-M" && ls); do cmp -s "$out/new-M/$f" "$out/old-M/$f" || echo "M differs: $f"; done | tee -a "$out/summary.txt"
fi
