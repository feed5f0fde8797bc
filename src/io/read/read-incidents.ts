import { csvIncidentCandidates } from "./read-csv.ts";
import { convertPositions, featureCoordinates, fileCrs } from "../intake/geometry.ts";
import { finishIncidents, type IncidentCandidate, type IncidentIntakeOptions } from "../intake/incident-layer.ts";
import { placeNames } from "../intake/positions.ts";
import type { Intake } from "../intake/intake.ts";
import { createTally, type SourceFile, type Tally } from "../intake/tally.ts";
import { decimalsOf, precisionFromDecimals } from "../fields/normalise.ts";
import type { IncidentRecord } from "../fields/records.ts";
import { scanFeatureCollection } from "../json/validate-geojson.ts";
import { loadLayerFile } from "../formats/vector-formats.ts";
import { mappedValue } from "../mapping/mapped-value.ts";

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
    const tally = createTally(file, "incidents");
    const got = file.toLowerCase().endsWith(".csv") ? csvIncidentCandidates(file, tally, options) : geojsonIncidentCandidates(file, tally, options);
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

function geojsonIncidentCandidates(file: string, tally: Tally, options: IncidentIntakeOptions): { read: number; candidates: IncidentCandidate[] } {
  const json = loadLayerFile(file, tally, options.loaded);
  return json === undefined ? { read: 0, candidates: [] } : incidentCandidatesOf(json, tally, options);
}

function incidentCandidatesOf(json: unknown, tally: Tally, options: IncidentIntakeOptions): { read: number; candidates: IncidentCandidate[] } {
  const scan = scanFeatureCollection(json, tally, ["Point"]);
  const crs = fileCrs(tally, scan.legacyCrs, options, scan.declaredCrs);
  let candidates: IncidentCandidate[] = [];
  for (const f of scan.features) {
    const pos = featureCoordinates(f, 1, tally) as number[] | undefined;
    if (!pos) continue;
    const props = f.properties;
    const get = (names: readonly string[]) => {
      for (const n of names) if (props[n] !== undefined) return props[n];
      return names[0] === "id" ? f.id : undefined;
    };
    // Decimals of the number as JSON.parse gives it (its shortest form): trailing zeros in the file are
    // lost, which can only understate the decimals and so overstate the uncertainty (the safe side).
    const decimals = Math.min(decimalsOf(pos[0]), decimalsOf(pos[1]));
    const precisionM = crs ? Math.max(10, 0.5 * 10 ** -decimals) : precisionFromDecimals(decimals);
    tally.name(f.record, mappedValue("id", get, options.mapping).value); // the record's id as its record will carry it (incident_id, a mapped column…)
    const names = placeNames(props);
    candidates.push({ tally, record: f.record, field: "geometry.coordinates", positions: [pos], names, precisionM, precisionSource: "coordinate decimals", get, properties: props });
  }
  if (crs) candidates = convertPositions(candidates, crs) as IncidentCandidate[];
  return { read: scan.read, candidates };
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
