import type { IncidentSet } from "../../src/core/incident-set.ts";

/** Build an IncidentSet by hand: positions in metres, other fields defaulted (precision 10 m, day 0). */
export function incidentSet(rows: { x: number; y: number; precisionM?: number; day?: number; killed?: number; injured?: number; device?: number; onRoad?: number }[]): IncidentSet {
  return {
    count: rows.length,
    x: Float64Array.from(rows, (r) => r.x),
    y: Float64Array.from(rows, (r) => r.y),
    precisionM: Float64Array.from(rows, (r) => r.precisionM ?? 10),
    dateDay: Float64Array.from(rows, (r) => r.day ?? 0),
    killed: Float64Array.from(rows, (r) => r.killed ?? 0),
    injured: Float64Array.from(rows, (r) => r.injured ?? 0),
    device: Uint8Array.from(rows, (r) => r.device ?? 5),
    onRoad: Uint8Array.from(rows, (r) => r.onRoad ?? 0),
    ids: rows.map((_, i) => `i${i}`),
  };
}
