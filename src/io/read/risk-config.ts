import { readFileSync } from "node:fs";
import { z } from "zod";
import { InputError, type InputIssue } from "../../core/errors.ts";
import { DEVICES } from "../../core/incident-set.ts";
import { RISK_DEFAULTS } from "../../analyses/risk/risk-defaults.ts";
import type { RiskOptions } from "../../analyses/risk/risk-score.ts";

const d = RISK_DEFAULTS;
const metres = (what: string) => z.number({ error: `${what} must be a number of metres` }).finite().positive(`${what} must be positive metres`);
const share = (what: string) => z.number({ error: `${what} must be a number` }).min(0, `${what} must lie in [0, 1]`).max(1, `${what} must lie in [0, 1]`);
const nonNeg = (what: string) => z.number({ error: `${what} must be a number` }).finite().min(0, `${what} must be ≥ 0`);

/**
 * The risk-model configuration file (JSON), validated with zod 4. Every field is optional; an absent
 * field takes the default of analyses/risk/risk-defaults.ts — the same numbers as the table in
 * docs/risk-model.md (test/io/risk-config.test.ts checks all three agree). Unknown fields are errors, so
 * a misspelt option is reported instead of silently ignored.
 */
export const riskConfigSchema = z
  .object({
    bandwidthM: metres("bandwidthM").default(d.bandwidthM),
    regionalBandwidthM: metres("regionalBandwidthM").default(d.regionalBandwidthM),
    regionalWeight: share("regionalWeight").default(d.regionalWeight),
    networkWindowM: nonNeg("networkWindowM").default(d.networkWindowM),
    networkWeight: share("networkWeight").default(d.networkWeight),
    halfLifeDays: z.number({ error: "halfLifeDays must be a number of days" }).finite().positive("halfLifeDays must be positive").default(d.halfLifeDays),
    persistentShare: share("persistentShare").default(d.persistentShare),
    precisionScale: nonNeg("precisionScale").default(d.precisionScale),
    roadBandM: metres("roadBandM").default(d.roadBandM),
    backgroundRatePerKmYear: nonNeg("backgroundRatePerKmYear").default(d.backgroundRatePerKmYear),
    severityPerCasualty: nonNeg("severityPerCasualty").default(d.severityPerCasualty),
    hazardRatePerKmYear: z
      .object({ confirmed: nonNeg("hazardRatePerKmYear.confirmed").default(d.hazardRatePerKmYear.confirmed), suspected: nonNeg("hazardRatePerKmYear.suspected").default(d.hazardRatePerKmYear.suspected) })
      .strict()
      .default({ ...d.hazardRatePerKmYear }),
    hazardBufferM: nonNeg("hazardBufferM").default(d.hazardBufferM),
    classBreaks: z
      .array(z.number().finite(), { error: "classBreaks must be an array of 4 numbers" })
      .length(4, "classBreaks must have exactly 4 numbers: low, moderate, high, very high")
      .refine((b) => b.every((v, k) => k === 0 || v >= b[k - 1]), "classBreaks must be non-decreasing")
      .default([...d.classBreaks]),
    deviceWeights: z.partialRecord(z.enum(DEVICES), nonNeg("a device weight")).default({}),
    /** Weight of an incident by its event type (the record's `eventType`, e.g. AICMA TIPO_EVENTO); 0 = not a predictor. */
    eventTypeWeights: z.record(z.string(), nonNeg("an event-type weight")).default({}),
    /** Weight of incidents whose event type is not listed in eventTypeWeights (or who have none). */
    otherEventTypeWeight: nonNeg("otherEventTypeWeight").default(1),
    /** Event types the rate counts and the backtest scores; null = every incident. */
    targetEventTypes: z.array(z.string()).min(1, "targetEventTypes must list at least one type, or be null").nullable().default(null),
  })
  .strict();

export type RiskConfig = z.output<typeof riskConfigSchema>;

/** The defaults as a config object (what `{}` parses to). */
export function defaultRiskConfig(): RiskConfig {
  return riskConfigSchema.parse({});
}

/** Validate a parsed JSON value as a risk config; InputError with one issue per bad field, naming it. */
export function parseRiskConfig(json: unknown, file = "<config>"): RiskConfig {
  const r = riskConfigSchema.safeParse(json);
  if (r.success) return r.data;
  const issues: InputIssue[] = r.error.issues.map((i) => ({
    file,
    field: i.path.length > 0 ? i.path.map(String).join(".") : undefined,
    code: "invalid-config",
    message: i.code === "unrecognized_keys" ? `unknown field(s) ${i.keys.join(", ")}: check the spelling against docs/risk-model.md` : i.message,
  }));
  throw new InputError(issues);
}

/** Read and validate a risk config JSON file. */
export function readRiskConfig(file: string): RiskConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError([{ file, code: "file-unreadable", message: `cannot read the config file: ${(e as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError([{ file, code: "invalid-json", message: `the config is not valid JSON: ${(e as Error).message}` }]);
  }
  return parseRiskConfig(json, file);
}

/** The model options a config stands for (per-incident arrays come from eventTypeArrays). */
export function riskOptionsFromConfig(c: RiskConfig): RiskOptions {
  const { eventTypeWeights: _w, otherEventTypeWeight: _o, targetEventTypes: _t, ...rest } = c;
  return rest;
}

/**
 * Per-incident target flags and predictor weights from the records' event types: target = the type is in
 * targetEventTypes (every incident when that is null); weight = eventTypeWeights[type] ?? otherEventTypeWeight.
 */
export function eventTypeArrays(records: readonly { eventType?: string | null }[], c: RiskConfig): { target: Uint8Array; predictorWeight: Float64Array } {
  const target = new Uint8Array(records.length);
  const predictorWeight = new Float64Array(records.length);
  records.forEach((r, i) => {
    const t = r.eventType ?? "";
    target[i] = c.targetEventTypes === null || c.targetEventTypes.includes(t) ? 1 : 0;
    predictorWeight[i] = c.eventTypeWeights[t] ?? c.otherEventTypeWeight;
  });
  return { target, predictorWeight };
}
