/**
 * make-messy-export — write the SYNTHETIC messy export of scripts/lib/messy-export-positions.ts (≥ 2,000 incidents,
 * ≥ 2,000 hazard polygons around the real shipped roads, mixing the intake classes of issue 15) into a folder.
 *
 * Inputs:  data/karabakh/roads.geojson (real roads; the export is placed along them).
 * Output:  OUT_DIR/{incidents-main,incidents-nested,hazards-main,hazards-swapped}.geojson and
 *          OUT_DIR/incidents-{semicolon,small,header-only}.csv.
 * Params:  seed 15. The expected issue counts are EXPECTED_CODES (checked by test/io/messy-export.test.ts).
 * Run:     npx tsx scripts/make-messy-export.ts OUT_DIR
 *          then: npx tsx src/cli/main.ts validate --lenient --json data/karabakh/roads.geojson OUT_DIR/*
 */
import { mkdirSync } from "node:fs";
import { writeMessyExport } from "./lib/messy-export-positions.ts";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: npx tsx scripts/make-messy-export.ts OUT_DIR\n");
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
for (const f of writeMessyExport(dir, "data/karabakh/roads.geojson")) process.stdout.write(`${f}\n`);
