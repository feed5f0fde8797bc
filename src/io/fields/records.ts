import type { DatePrecision, Device } from "../../core/incident-set.ts";
import type { HazardStatus } from "../../core/hazard-set.ts";

/** Position [lon, lat] in WGS84 degrees. */
export type LonLat = [number, number];

/**
 * Where a record came from: its file and its record number, 1-based in every format — the Nth feature of a
 * GeoJSON FeatureCollection (or highway way of an OSM file), the Nth data row of a CSV (header excluded).
 */
export interface RecordSource {
  file: string;
  record: number;
}

/** A road feature as validated at the door: one or more parts, each at least two positions. */
export interface RoadRecord extends RecordSource {
  id: string;
  name: string;
  class: string;
  bridge: boolean;
  tunnel: boolean;
  layer: number;
  /** 0 both ways, 1 along the vertex order, -1 against it (OSM `oneway` yes/true/1 or -1/reverse). */
  oneway: -1 | 0 | 1;
  parts: LonLat[][];
  properties: Record<string, unknown>;
  /**
   * The same geometry packed, when the file was read by the typed-array scanner (read-roads-scanned.ts):
   * this record's parts are parts featurePart[record − 1] … featurePart[record] − 1 of its file. `parts`
   * is then built from it on first use, and buildDataset copies from it directly.
   */
  packed?: PackedParts;
}

/**
 * The positions of a scanned file (or of one piece of it, after its first `firstRecord` features): part k
 * has positions lonLat[2·partStart[k] … 2·partStart[k + 1]); record r (1-based) has parts
 * featurePart[r − 1 − firstRecord] … featurePart[r − firstRecord] − 1.
 */
export interface PackedParts {
  readonly lonLat: Float64Array;
  readonly partStart: Uint32Array;
  readonly featurePart: Uint32Array;
  readonly firstRecord: number;
}

/** The first and one-past-last part of a packed record. */
export function packedPartRange(r: RoadRecord & { packed: PackedParts }): [number, number] {
  const f = r.record - 1 - r.packed.firstRecord; // records are 1-based
  return [r.packed.featurePart[f], r.packed.featurePart[f + 1]];
}

/** An incident as validated at the door (domain model of DESIGN.md). */
export interface IncidentRecord extends RecordSource {
  id: string;
  lon: number;
  lat: number;
  date: string | null;
  datePrecision: DatePrecision;
  device: Device;
  killed: number | null;
  injured: number | null;
  activity: string | null;
  source: string | null;
  locationPrecisionM: number;
  /**
   * Where `locationPrecisionM` came from: "given" (a column/property said it), "coordinate decimals"
   * (inferred from how the position was written), "grid reference" (the size of an MGRS/UTM cell),
   * "mapping default" (a floor stated by the field mapping, e.g. village-level AICMA positions) or
   * "gazetteer" (a place name resolved in GeoNames: settlement ≈ 3 km).
   */
  locationPrecisionSource: "given" | "coordinate decimals" | "grid reference" | "mapping default" | "gazetteer";
  /** true / false when the record says the incident was / was not on a road of the network; null: not stated. */
  onRoad: boolean | null;
  /**
   * The source's own event-type code, kept as written (e.g. AICMA TIPO_EVENTO "1" = anti-personnel mine
   * accident … "8" = suspected minefield), so backtests can choose targets and predictors. Optional:
   * absent when the input has no such field.
   */
  eventType?: string | null;
  /** Place name the record gives (village, municipality), when a field mapping names one. */
  place?: string | null;
  properties: Record<string, unknown>;
}

/** A hazard area as validated at the door: polygons of closed rings [lon, lat]. */
export interface HazardRecord extends RecordSource {
  id: string;
  status: HazardStatus;
  polygons: LonLat[][][];
  properties: Record<string, unknown>;
}
