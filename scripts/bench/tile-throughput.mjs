// tile-throughput.mjs — per-tile and per-worker throughput of a tiled run from the workers' own logs
// (BENCHMARKS.md, "XL: tiles on 1 and 2 workers").
// Inputs:  RUN_DIR (the run's shared folder: parts/tile-NNNN.bin of finished tiles), then one or more worker
//          logs whose lines are "EPOCH_SECONDS minerisk worker PID: tile N started|done" (the worker's stdout
//          with a timestamp put in front of each line, e.g. by `| while read -r l; do echo "$(date +%s.%N) $l"; done`).
// Outputs: one line per finished tile (worker log, tile, lixels, seconds from started to done, lixels/s), then
//          per log: tiles, lixels, busy seconds, lixels per busy second; and the sum over the logs (the
//          machine's throughput while they ran side by side). Reads each finished part once (v8-deserialized).
// Usage:   node scripts/bench/tile-throughput.mjs RUN_DIR LOG [LOG…]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'node:v8';

const [dir, ...logs] = process.argv.slice(2);
if (!dir || logs.length === 0) {
  console.error('usage: node scripts/bench/tile-throughput.mjs RUN_DIR LOG [LOG…]');
  process.exit(2);
}
const lixelsOf = (tile) => {
  const path = join(dir, 'parts', `tile-${String(tile).padStart(4, '0')}.bin`);
  if (!existsSync(path)) return undefined;
  return deserialize(readFileSync(path)).lixels.count;
};
let machine = 0;
for (const log of logs) {
  const started = new Map();
  let tiles = 0;
  let lixels = 0;
  let busy = 0;
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const m = /^(\d+(?:\.\d+)?) minerisk worker \d+: tile (\d+) (started|done)$/.exec(line);
    if (!m) continue;
    const [t, tile, event] = [Number(m[1]), Number(m[2]), m[3]];
    if (event === 'started') started.set(tile, t);
    else if (started.has(tile)) {
      const n = lixelsOf(tile);
      if (n === undefined) continue;
      const s = t - started.get(tile);
      console.log(`${log} tile ${tile}: ${n} lixels in ${s.toFixed(1)} s, ${(n / s).toFixed(0)} lixels/s`);
      tiles++;
      lixels += n;
      busy += s;
    }
  }
  const rate = busy > 0 ? lixels / busy : 0;
  machine += rate;
  console.log(`${log}: ${tiles} tiles, ${lixels} lixels, ${busy.toFixed(1)} busy s, ${rate.toFixed(0)} lixels per busy second`);
}
console.log(`all logs side by side: ${machine.toFixed(0)} lixels per second`);
