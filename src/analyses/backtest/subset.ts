import type { IncidentSet } from "../../core/incident-set.ts";

/** The incidents at the given indices, in that order (a copy; the input is not changed). */
export function incidentSubset(set: IncidentSet, keep: readonly number[]): IncidentSet {
  const pick = <T extends Float64Array | Uint8Array>(a: T, make: new (n: number) => T): T => {
    const out = new make(keep.length);
    for (let k = 0; k < keep.length; k++) out[k] = a[keep[k]];
    return out;
  };
  return {
    count: keep.length,
    x: pick(set.x, Float64Array),
    y: pick(set.y, Float64Array),
    precisionM: pick(set.precisionM, Float64Array),
    dateDay: pick(set.dateDay, Float64Array),
    killed: pick(set.killed, Float64Array),
    injured: pick(set.injured, Float64Array),
    device: pick(set.device, Uint8Array),
    onRoad: pick(set.onRoad, Uint8Array),
    ids: keep.map((i) => set.ids[i]),
  };
}
