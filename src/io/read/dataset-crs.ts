import { InputError, OptionError } from "../../core/errors.ts";
import { DEFAULT_MAX_DISTANCE_ERROR, fitWorkingCrs, type WorkingCrs, withDistanceError, workingCrsFromDefinition } from "../crs/crs.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../fields/records.ts";
import { studyAndDataExtent } from "./data-extent.ts";

export interface DatasetCrsOptions {
  /** A projected proj string in metres; default: a conformal map fitted to the roads and hazards. */
  crs?: string;
  /**
   * Largest relative distance error accepted over the data's extent (a fraction: 0.001 = 0.1 %). Default
   * 0.001, the bound DESIGN.md promises. A run whose working CRS is measured worse is refused; a larger
   * value lets it go on with that bound stated in its meta and summary.
   */
  maxDistanceError?: number;
}

/**
 * The run's working CRS with its distance error measured over every position of the data (roads, hazard
 * areas and incidents, longitudes continuous across ±180°: data-extent.ts): the given one, or one fitted to
 * the roads and hazards (crs.ts). Throws an InputError naming the bound, the extent and what to do when
 * the bound exceeds `maxDistanceError`, so no distance with a larger or unknown error is ever printed.
 */
export function datasetCrs(input: { roads: readonly RoadRecord[]; incidents: readonly IncidentRecord[]; hazards: readonly HazardRecord[] }, options: DatasetCrsOptions = {}): WorkingCrs {
  checkMaxError(options);
  return datasetCrsOf(studyAndDataExtent(input.roads, input.hazards, input.incidents), options);
}

function checkMaxError(options: DatasetCrsOptions): number {
  const maxError = options.maxDistanceError ?? DEFAULT_MAX_DISTANCE_ERROR;
  if (!(maxError > 0 && maxError < 1)) throw new OptionError(`maxDistanceError must be a fraction between 0 and 1 (0.001 = 0.1 %), got ${maxError}`);
  return maxError;
}

/** datasetCrs from the extents (data-extent.ts studyAndDataExtentOf): what a streamed read has instead of every record. */
export function datasetCrsOf(extents: ReturnType<typeof studyAndDataExtent>, options: DatasetCrsOptions = {}): WorkingCrs {
  const maxError = checkMaxError(options);
  const studyBox = extents.study.bbox;
  const base = options.crs !== undefined ? workingCrsFromDefinition(options.crs) : fitWorkingCrs(studyBox);
  const dataBox = extents.data.bbox;
  const crs = withDistanceError(base, dataBox);
  const bound = crs.distanceError?.bound ?? Infinity;
  if (bound <= maxError) return crs;
  const roadsOnly = withDistanceError(base, studyBox).distanceError?.bound ?? Infinity;
  const strays = roadsOnly <= maxError ? ` Over the roads and hazard areas alone it would be ${pct(roadsOnly)}: incidents far outside them stretch the extent; leave those out.` : "";
  const fix = options.crs !== undefined
    ? "give a working CRS centred on the data (or none, to have one fitted)"
    : "split the study area into parts under about 800 km across";
  throw new InputError([
    {
      file: "(working CRS)",
      code: "distance-error-bound",
      message:
        `planar distances in the working CRS ${crs.name} would be off by up to ${pct(bound)} over the data's extent (${describeBox(dataBox)}), more than the ${pct(maxError)} accepted.` +
        `${strays} To get distances within ${pct(maxError)}: ${fix}; or accept the stated bound with maxDistanceError (CLI: --max-distance-error ${acceptable(bound)}).`,
    },
  ]);
}

function pct(fraction: number): string {
  return Number.isFinite(fraction) ? `${Number((fraction * 100).toPrecision(2))} %` : "an unknown amount (the CRS cannot project all of it)";
}

/** The bound rounded up to two significant digits, as a flag value that would accept it. */
function acceptable(bound: number): string {
  if (!Number.isFinite(bound)) return "(none: the CRS cannot project the whole extent)";
  const p = 10 ** (Math.floor(Math.log10(bound)) - 1);
  return String(Number((Math.ceil(bound / p) * p).toPrecision(2)));
}

/** "≈ W × H km, lon a…b, lat c…d", the width taken along the box's widest parallel. */
export function describeBox([w, s, e, n]: readonly [number, number, number, number]): string {
  const widestCos = s <= 0 && n >= 0 ? 1 : Math.cos((Math.min(Math.abs(s), Math.abs(n)) * Math.PI) / 180);
  const widthKm = (e - w) * 111.32 * widestCos;
  const heightKm = (n - s) * 110.57;
  const lon = (v: number) => (v > 180 ? v - 360 : v).toFixed(2);
  return `≈ ${Math.round(widthKm)} × ${Math.round(heightKm)} km, lon ${lon(w)}…${lon(e)}, lat ${s.toFixed(2)}…${n.toFixed(2)}`;
}
