/**
 * make-messy-export — write the SYNTHETIC, real-world-shaped mine-action export of scripts/lib/messy-export.ts
 * (2,806 incidents and 2,620 hazard polygons around the real shipped roads, mixing every intake problem class
 * of issue 15) and the exact counts `validate --lenient --json` must report on it.
 *
 * Inputs:  data/karabakh/roads.geojson (real roads; the export is placed along them, and is read with them).
 * Outputs: DIR/incidents-{main,nested}.geojson, DIR/incidents-{semicolon,small,header-only}.csv,
 *          DIR/hazards-{main,land,swapped}.geojson and DIR/expected.json ({ expected: { file: { read, used,
 *          repaired, rejected, codes: { code: count }, beyondReach } }, withMapping: … }).
 * Params:  DIR (default build/messy-export), --seed N (default 15).
 * Run:     npx tsx scripts/make-messy-export.ts [DIR] [--seed N]
 *          then: minerisk validate --lenient --json data/karabakh/roads.geojson DIR/*.geojson DIR/*.csv
 *          (test/io/intake/messy-export.test.ts does exactly this and compares every count;
 *          test/cli/messy-export-analyze.test.ts runs analyze on it).
 */
import { mkdirSync } from "node:fs";
import { generateMessyExport } from "./lib/messy-export.ts";

const args = process.argv.slice(2);
const seedAt = args.indexOf("--seed");
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 15;
if (!Number.isInteger(seed)) {
  process.stderr.write("usage: npx tsx scripts/make-messy-export.ts [DIR] [--seed N]  (N an integer)\n");
  process.exit(2);
}
const dir = args.find((a, k) => !a.startsWith("--") && !(seedAt >= 0 && k === seedAt + 1)) ?? "build/messy-export";
mkdirSync(dir, { recursive: true });
const out = generateMessyExport(dir, "data/karabakh/roads.geojson", seed);
for (const [name, e] of Object.entries(out.expected)) process.stdout.write(`${out.files[name]}: read ${e.read}, used ${e.used}, repaired ${e.repaired}, rejected ${e.rejected}, beyond reach ${e.beyondReach}; ${JSON.stringify(e.codes)}\n`);
