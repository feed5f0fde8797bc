/**
 * generate-messy-export — a SYNTHETIC, real-world-shaped mine-action export mixing every intake problem
 * class of issue 15, with the exact issue counts the intake must report.
 *
 * Inputs:  none (seeded: scripts/lib/messy-export.ts, src/core/random.ts).
 * Outputs: DIR/incidents.geojson (2,140 points), DIR/hazards.geojson (2,230 polygons), DIR/expected.json
 *          ({ expected: { file: { read, used, repaired, rejected, codes: { code: count } } } }).
 * Params:  DIR (default build/messy-export), --seed N (default 15).
 * Run:     npx tsx scripts/generate-messy-export.ts [DIR] [--seed N]
 *          then: minerisk validate --lenient --json DIR/incidents.geojson DIR/hazards.geojson
 *          (test/io/intake/messy-export.test.ts does exactly this and compares every count).
 */
import { mkdirSync } from "node:fs";
import { generateMessyExport } from "./lib/messy-export.ts";

const args = process.argv.slice(2);
const seedAt = args.indexOf("--seed");
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 15;
const dir = args.find((a, k) => !a.startsWith("--") && !(seedAt >= 0 && k === seedAt + 1)) ?? "build/messy-export";
mkdirSync(dir, { recursive: true });
const out = generateMessyExport(dir, seed);
for (const [name, e] of Object.entries(out.expected)) process.stdout.write(`${dir}/${name}: read ${e.read}, used ${e.used}, repaired ${e.repaired}, rejected ${e.rejected}; ${JSON.stringify(e.codes)}\n`);
