/**
 * The Colombia study's data, built one way for every script that uses it (backtest-colombia.ts,
 * check-pai10-oracle.ts): TravelMapping national roads split at shared vertices (1 m) and cut into lixels
 * of ≤ 100 m; every AICMA event 1990–2014 read by the shipped intake, lenient, with the shipped mapping —
 * the one record with an error (2004 record 1375, lost minus sign) is repaired, reported and kept.
 * Run from the repository root (paths are relative to it; the data are in ../shared/data).
 */
import { existsSync, readdirSync } from "node:fs";
import { lixelize } from "../../src/core/lixels.ts";
import { lixelRoutes } from "../../src/analyses/risk/network-density.ts";
import { buildDataset } from "../../src/io/read/build-dataset.ts";
import { loadMapping } from "../../src/io/mapping/load-mapping.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoads } from "../../src/io/read/read-roads.ts";
import { buildAreaIndex } from "../../src/spatial/area-index.ts";
import { buildLixelIndex } from "../../src/spatial/lixel-index.ts";
import { splitAtJunctions } from "../../src/spatial/road-junctions.ts";

export const ROADS = "../shared/data/travelmapping-roads/col_routes.geojson";
export const AICMA = "../shared/data/colombia-aicma";
export const MAPPING = "data/mappings/colombia-aicma.json";
/** TIPO_EVENTO 1 and 2: anti-personnel mine and UXO accidents, the study's targets. */
export const TARGET_TYPES = ["1", "2"];

export function loadColombiaStudy() {
  // a clone without ../shared/data gets a plain message, not a stack trace
  if (!existsSync(AICMA) || !existsSync(ROADS)) {
    console.error(`The Colombia study needs ../shared/data (${AICMA} and ${ROADS}), which is not beside this clone. Run it from a checkout that has the shared data next to it.`);
    process.exit(2);
  }
  const files = readdirSync(AICMA).filter((f) => /^\d{4}\.json$/.test(f)).sort().map((f) => `${AICMA}/${f}`);
  const roads = readRoads([ROADS]).records;
  const intake = readIncidents(files, { strictness: "lenient", mapping: loadMapping(MAPPING) });
  // one working CRS over all of Colombia (≈ 1,600 × 1,900 km): planar distances within ±0.39 % of the
  // geodesic, more than the default 0.1 %, so accepted and stated (docs/working-crs.md)
  const dataset = buildDataset({ roads, incidents: intake.records }, { maxDistanceError: 0.005 });
  const network = splitAtJunctions(dataset.roads, { snapToleranceM: 1 });
  const lixels = lixelize(network.roads, { lixelLengthM: 100 });
  return { files, intake, incidents: intake.records, dataset, network, lixels, lixelIndex: buildLixelIndex(lixels), routes: lixelRoutes(lixels, network.roads), areas: buildAreaIndex(dataset.hazards) };
}
