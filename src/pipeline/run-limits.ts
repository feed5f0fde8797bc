import { OptionError } from "../core/errors.ts";
import { type IncidentRecord, packedPartRange, type RoadRecord } from "../io/fields/records.ts";

/**
 * Default of `maxRoadVertices`: 100 M road vertices. Each costs 32 bytes as read and projected (lon/lat
 * and x/y doubles) before junctions, lixels and indexes add to it: 3.2 GB of coordinates alone. A
 * country's whole OSM road network is about this size; a study area is far below it. Every road feature
 * has at least two vertices, so this bounds the features too.
 */
export const DEFAULT_MAX_ROAD_VERTICES = 100_000_000;

/** Default of `maxIncidents`: 5 M incident records, hundreds of times the largest real record we know (Colombia's AICMA: about 12,000 events in 30 years). */
export const DEFAULT_MAX_INCIDENTS = 5_000_000;

export interface RunLimits {
  /** Refuse, before projecting, more road vertices than this. Default {@link DEFAULT_MAX_ROAD_VERTICES}. */
  maxRoadVertices?: number;
  /** Refuse, before projecting, more incidents than this. Default {@link DEFAULT_MAX_INCIDENTS}. */
  maxIncidents?: number;
}

/**
 * Check a run's size before any work starts (docs/reliability.md, "Limits"): the roads' vertices and the
 * incidents, counted in one loop over the records. An OptionError gives the figure, the limit and what
 * to change. Lixels and grid cells are checked where they are counted, before they are allocated
 * (core/lixels.ts, analyses/density/kernel-density.ts).
 */
export function checkRunLimits(input: { roads: readonly RoadRecord[]; incidents: readonly IncidentRecord[] }, limits: RunLimits = {}): void {
  const maxVertices = wholeLimit(limits.maxRoadVertices, DEFAULT_MAX_ROAD_VERTICES, "maxRoadVertices (--max-vertices)");
  const maxIncidents = wholeLimit(limits.maxIncidents, DEFAULT_MAX_INCIDENTS, "maxIncidents (--max-incidents)");
  let vertices = 0;
  for (const r of input.roads) {
    if (r.packed) {
      const [from, to] = packedPartRange(r as RoadRecord & { packed: NonNullable<RoadRecord["packed"]> });
      vertices += r.packed.partStart[to] - r.packed.partStart[from];
    } else for (const p of r.parts) vertices += p.length;
  }
  if (vertices > maxVertices) {
    throw new OptionError(
      `the roads have ${vertices.toLocaleString("en-US")} vertices in ${input.roads.length.toLocaleString("en-US")} features, more than the limit of ${maxVertices.toLocaleString("en-US")} (about ${gb(vertices * 32)} GB of coordinates before any analysis): ` +
        "cut the roads to the study area (e.g. ogr2ogr -clipsrc W S E N) or simplify them, or raise --max-vertices (library maxRoadVertices)",
    );
  }
  if (input.incidents.length > maxIncidents) {
    throw new OptionError(
      `${input.incidents.length.toLocaleString("en-US")} incidents, more than the limit of ${maxIncidents.toLocaleString("en-US")}: ` +
        "give the incidents of the study area and period only, or raise --max-incidents (library maxIncidents)",
    );
  }
}

function wholeLimit(v: number | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  if (!(Number.isSafeInteger(v) && v >= 1)) throw new OptionError(`${name} must be a whole number ≥ 1, got ${v}`);
  return v;
}

const gb = (bytes: number) => (bytes / 1e9).toFixed(1);
