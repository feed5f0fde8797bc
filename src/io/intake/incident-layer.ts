import { incidentFromFields } from "../fields/incident-fields.ts";
import type { FieldMapping } from "../mapping/schema.ts";
import type { IncidentRecord } from "../fields/records.ts";
import { findDuplicates } from "./duplicates.ts";
import type { Intake } from "./intake.ts";
import { checkPositions, type Positioned } from "./positions.ts";
import { checkIncidentReach } from "./road-reach.ts";
import { finishLayer, type SourceFile } from "./tally.ts";
import type { IntakeOptions } from "./types.ts";

/** Options of the incident readers: intake options plus an optional field mapping. */
export interface IncidentIntakeOptions extends IntakeOptions {
  mapping?: FieldMapping;
}

/** An incident row/feature whose position was read, before the layer-wide checks build its record. */
export interface IncidentCandidate extends Positioned {
  /** Precision implied by how the position was written, metres, and its source. */
  precisionM: number;
  precisionSource: IncidentRecord["locationPrecisionSource"];
  get: (names: readonly string[]) => unknown;
  properties: Record<string, unknown>;
}

/**
 * Finish the incident layer: check positions across every file (swaps, lost signs, projected metres),
 * build the records of the candidates not rejected, find duplicates across files, measure the kept ones
 * against the run's roads (when given) and apply strictness.
 */
export function finishIncidents(sources: readonly SourceFile[], candidates: readonly IncidentCandidate[], options: IncidentIntakeOptions): Intake<IncidentRecord> {
  checkPositions(candidates, options.referenceExtent);
  const built: { rec: IncidentRecord; cand: IncidentCandidate }[] = [];
  for (const c of candidates) {
    if (c.tally.isRejected(c.record)) continue;
    const [lon, lat] = c.positions[0];
    const at = { file: c.tally.file, record: c.record, lon, lat, precisionM: c.precisionM, precisionSource: c.precisionSource };
    const rec = incidentFromFields(at, c.get, c.properties, (field, code, message) => c.tally.error(c.record, field, code, message), options.mapping);
    if (rec) built.push({ rec, cand: c });
  }
  const dropped = findDuplicates(
    built.map((b) => b.rec),
    (k) => built[k].cand.tally,
    options.duplicates ?? "keep",
  );
  const records = built.filter((b, k) => !dropped.has(k) && !b.cand.tally.isRejected(b.cand.record)).map((b) => b.rec);
  if (options.roadReach) checkIncidentReach(options.roadReach, sources, records);
  const files = finishLayer(sources, options.strictness ?? "strict");
  return { records, report: { files } };
}
