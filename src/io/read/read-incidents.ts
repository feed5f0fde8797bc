import { csvIncidentCandidates } from "./read-csv.ts";
import { convertPositions, featureCoordinates, fileCrs } from "../intake/geometry.ts";
import { finishIncidents, type IncidentCandidate, type IncidentIntakeOptions } from "../intake/incident-layer.ts";
import { placeNames } from "../intake/positions.ts";
import type { Intake } from "../intake/intake.ts";
import { createTally, type SourceFile, type Tally } from "../intake/tally.ts";
import { decimalsOf, precisionFromDecimals } from "../fields/normalise.ts";
import type { IncidentRecord } from "../fields/records.ts";
import { type ScannedFeature, scanFeatureCollection } from "../json/validate-geojson.ts";
import { streamLayer, streamsInput } from "./stream-layer.ts";
import { loadLayerFile } from "../formats/vector-formats.ts";
import { mappedValue } from "../mapping/mapped-value.ts";
import { createFieldUse } from "../unread/field-use.ts";
import { incidentFieldPlan } from "../unread/field-plans.ts";

/**
 * Read incident files — GeoJSON Points or CSV (by the `.csv` extension) — as one layer, at the given
 * strictness (default strict), and return the records and the intake report. Properties follow the
 * field mapping when given, else INCIDENT_FIELDS; positions are checked across all files together
 * (swapped lat/lon, lost minus signs, projected metres) and duplicates are found across files.
 */
export function readIncidents(files: readonly string[], options: IncidentIntakeOptions = {}): Intake<IncidentRecord> {
  const sources: SourceFile[] = [];
  const candidates: IncidentCandidate[] = [];
  for (const file of files) {
    const created = createTally(file, "incidents");
    const got: { read: number; candidates: IncidentCandidate[]; tally?: Tally } = file.toLowerCase().endsWith(".csv") ? csvIncidentCandidates(file, created, options) : geojsonIncidentCandidates(file, created, options);
    const tally = got.tally ?? created; // a streamed read makes its own tally
    sources.push({ tally, read: got.read });
    for (const c of got.candidates) candidates.push(c);
  }
  return finishIncidents(sources, candidates, options);
}

/**
 * Read a GeoJSON FeatureCollection of Point incidents, strictly (one InputError listing every problem).
 * Properties (see INCIDENT_FIELDS for accepted names): id, date (ISO), datePrecision, device, killed,
 * injured, activity, source, locationPrecisionM (metres; inferred from the coordinates' decimals when
 * absent, and marked so).
 */
export function readIncidentsGeoJson(file: string): IncidentRecord[] {
  return readIncidents([file]).records;
}

/** Validate an already-parsed FeatureCollection of incidents, strictly (see readIncidentsGeoJson). */
export function validateIncidents(json: unknown, file: string): IncidentRecord[] {
  const tally = createTally(file, "incidents");
  const got = incidentCandidatesOf(json, tally, {});
  return finishIncidents([{ tally, read: got.read }], got.candidates, {}).records;
}

function geojsonIncidentCandidates(file: string, tally: Tally, options: IncidentIntakeOptions): { read: number; candidates: IncidentCandidate[]; tally?: Tally } {
  if (streamsInput(file, options)) {
    const got = streamedIncidentCandidates(file, options);
    if (got) return got;
  }
  const json = loadLayerFile(file, tally, options.loaded);
  return json === undefined ? { read: 0, candidates: [] } : incidentCandidatesOf(json, tally, options);
}

function incidentCandidatesOf(json: unknown, tally: Tally, options: IncidentIntakeOptions): { read: number; candidates: IncidentCandidate[] } {
  const scan = scanFeatureCollection(json, tally, ["Point"]);
  const crs = fileCrs(tally, scan.legacyCrs, options, scan.declaredCrs);
  const decimals: number[] = [];
  return { read: scan.read, candidates: finishCandidates(incidentItems(scan.features, tally, options, decimals), decimals, crs) };
}

/** incidentCandidatesOf over a file read in batches (stream-layer.ts): the same issues, in the same order within each record. */
function streamedIncidentCandidates(file: string, options: IncidentIntakeOptions): { tally: Tally; read: number; candidates: IncidentCandidate[] } | undefined {
  const items: IncidentCandidate[] = [];
  const decimals: number[] = [];
  const got = streamLayer(file, "incidents", ["Point"], options, (features, tally) => {
    for (const c of incidentItems(features, tally, options, decimals)) items.push(c);
  });
  if (got.kind === "fallback") return undefined;
  if (got.kind === "failed") return { tally: got.tally, read: 0, candidates: [] };
  if (got.kind === "whole") return { tally: got.tally, ...incidentCandidatesOf(got.json, got.tally, options) };
  const crs = fileCrs(got.tally, got.legacyCrs, options, got.declaredCrs);
  return { tally: got.tally, read: got.read, candidates: finishCandidates(items, decimals, crs) };
}

/** The candidates of point features; each one's coordinate decimals pushed to `decimals` (its precision depends on the file's CRS, known at the end). */
function incidentItems(features: readonly ScannedFeature[], tally: Tally, options: IncidentIntakeOptions, decimals: number[]): IncidentCandidate[] {
  const candidates: IncidentCandidate[] = [];
  // the properties no reader reads, counted over every feature read (a streamed read counts batch by batch into the same tally)
  const use = (tally.fieldUse ??= createFieldUse(incidentFieldPlan(options.mapping, "geojson")));
  for (const f of features) {
    use.record(f.properties);
    const pos = featureCoordinates(f, 1, tally) as number[] | undefined;
    if (!pos) continue;
    const props = f.properties;
    const get = (names: readonly string[]) => {
      for (const n of names) if (props[n] !== undefined) return props[n];
      return names[0] === "id" ? f.id : undefined;
    };
    // Decimals of the number as JSON.parse gives it (its shortest form): trailing zeros in the file are
    // lost, which can only understate the decimals and so overstate the uncertainty (the safe side).
    decimals.push(Math.min(decimalsOf(pos[0]), decimalsOf(pos[1])));
    tally.name(f.record, mappedValue("id", get, options.mapping).value); // the record's id as its record will carry it (incident_id, a mapped column…)
    const names = placeNames(props);
    candidates.push({ tally, record: f.record, field: "geometry.coordinates", positions: [pos], names, precisionM: 0, precisionSource: "coordinate decimals", get, properties: props });
  }
  return candidates;
}

/** Each candidate's precision from its decimals (metres of projected coordinates, else degrees), then the CRS conversion. */
function finishCandidates(candidates: IncidentCandidate[], decimals: readonly number[], crs: ReturnType<typeof fileCrs>): IncidentCandidate[] {
  for (let k = 0; k < candidates.length; k++) candidates[k].precisionM = crs ? Math.max(10, 0.5 * 10 ** -decimals[k]) : precisionFromDecimals(decimals[k]);
  return crs ? (convertPositions(candidates, crs) as IncidentCandidate[]) : candidates;
}

/**
 * Read incidents from a CSV strictly (one InputError listing every problem). Rows are numbered from 1
 * (the first data row) in issues, as GeoJSON features are, and give their physical line. Positions come from latitude/longitude columns (decimal degrees, decimal
 * commas or DMS), an MGRS column, UTM zone + easting + northing columns, or a village name resolved in
 * GeoNames; other columns follow INCIDENT_FIELDS. See readIncidents for lenient reading and mappings.
 */
export function readIncidentsCsv(file: string): IncidentRecord[] {
  return readIncidents([file]).records;
}
