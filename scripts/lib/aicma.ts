/**
 * A stop-gap loader for the Colombian AICMA event files (../shared/data/colombia-aicma/YYYY.json) until
 * the shared intake ships its field mapping (data/mappings/colombia-aicma.json) and the optional
 * `eventType` on IncidentRecord; scripts should then switch to that mapping and drop this file.
 *
 * What it does with the properties (see ../shared/data/README.md):
 * - `AÑO` (year only) → date "YYYY", datePrecision "year"; no casualty counts → killed/injured null;
 * - `TIPO_EVENTO` → eventType "1"…"8" (kept as written, as the shared mapping will), and device: 1 (AP mine accident) → anti-personnel, 2 and 6 (UXO) →
 *   UXO/ERW, every other type → unknown;
 * - locationPrecisionM from the decimals the coordinates were written with: half a unit in the last place
 *   at the equator (111,320 m per degree), never below 10 m — the same rule as src/io/normalise.ts;
 * - points outside Colombia's bounding box (the 2004 Bogotá point that lost its minus sign, [74.234,
 *   4.198]) are reported in `excluded` and left out, never "repaired" by guessing the sign.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Device } from "../../src/core/incident-set.ts";
import type { IncidentRecord } from "../../src/io/records.ts";

/** AICMA TIPO_EVENTO codes. */
export const AICMA_EVENT_TYPES: Readonly<Record<number, string>> = {
  1: "anti-personnel mine accident",
  2: "UXO accident",
  3: "stockpile",
  4: "military demining in operations",
  5: "seizure",
  6: "unexploded munitions",
  7: "mine production site",
  8: "suspected minefield",
};

/** An incident record with its AICMA event type (the shape the shared mapping will produce). */
export type AicmaIncident = IncidentRecord & { eventType: string; department: string };

/** Colombia, mainland and islands, with a margin: lon −82…−66, lat −4.3…13.6. */
const COLOMBIA_BOX = [-82, -4.3, -66, 13.6] as const;

/** Read AICMA yearly files into incident records; points outside Colombia are excluded and listed. */
export function loadAicmaFiles(files: readonly string[]): { incidents: AicmaIncident[]; excluded: { file: string; record: number; reason: string }[] } {
  const incidents: AicmaIncident[] = [];
  const excluded: { file: string; record: number; reason: string }[] = [];
  for (const file of files) {
    const json = JSON.parse(readFileSync(file, "utf8")) as { features: { properties: Record<string, string>; geometry: { type: string; coordinates: [number, number] } }[] };
    json.features.forEach((f, record) => {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const year = String(p["AÑO"] ?? "");
      const type = Number(p.TIPO_EVENTO);
      if (f.geometry.type !== "Point" || !Number.isFinite(lon) || !Number.isFinite(lat)) {
        excluded.push({ file, record, reason: "not a Point with finite coordinates" });
        return;
      }
      if (lon < COLOMBIA_BOX[0] || lat < COLOMBIA_BOX[1] || lon > COLOMBIA_BOX[2] || lat > COLOMBIA_BOX[3]) {
        excluded.push({ file, record, reason: `position [${lon}, ${lat}] is outside Colombia (a lost minus sign?); not guessed, left out` });
        return;
      }
      if (!/^\d{4}$/.test(year) || !(type >= 1 && type <= 8 && Number.isInteger(type))) {
        excluded.push({ file, record, reason: `unreadable AÑO "${year}" or TIPO_EVENTO "${p.TIPO_EVENTO}"` });
        return;
      }
      const device: Device = type === 1 ? "anti-personnel" : type === 2 || type === 6 ? "UXO/ERW" : "unknown";
      const decimals = Math.min(decimalsOf(lon), decimalsOf(lat));
      incidents.push({
        file,
        record,
        id: `${basename(file, ".json")}-${record}`,
        lon,
        lat,
        date: year,
        datePrecision: "year",
        device,
        killed: null,
        injured: null,
        activity: AICMA_EVENT_TYPES[type],
        source: "AICMA / Descontamina Colombia, datos.gov.co sgp4-3e6k (via hpuentes/eventos-minas-antipersonas-colombia @ ab9e9919)",
        locationPrecisionM: Math.max(10, 0.5 * 111_320 * 10 ** -decimals),
        locationPrecisionSource: "coordinate decimals",
        onRoad: null,
        properties: p,
        eventType: String(type),
        department: String(p.DEPARTAMENTO ?? ""),
      });
    });
  }
  return { incidents, excluded };
}

/** Decimals of a number in its shortest round-trip form (8 for exponent notation). */
function decimalsOf(v: number): number {
  const s = String(v);
  if (s.includes("e")) return 8;
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}
