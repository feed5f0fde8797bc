import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { RISK_DEFAULTS } from "../../src/analyses/risk/risk-defaults.ts";
import { resolveRiskParameters } from "../../src/analyses/risk/risk-parameters.ts";
import { defaultRiskConfig, eventTypeArrays, parseRiskConfig } from "../../src/io/read/risk-config.ts";

/** Rows `| \`name\` | value | …` of the defaults table in docs/risk-model.md, flattened names → numbers. */
function docDefaults(): Map<string, number[]> {
  const md = readFileSync(resolve(import.meta.dirname, "../../docs/risk-model.md"), "utf8");
  const section = md.slice(md.indexOf("## Defaults and why"));
  const out = new Map<string, number[]>();
  for (const m of section.matchAll(/^\| `([A-Za-z.]+)` \| ([^|]+) \|/gm)) out.set(m[1], m[2].split(",").map((v) => Number(v.trim())));
  return out;
}

function flatten(o: object, prefix = ""): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [k, v] of Object.entries(o)) {
    if (Array.isArray(v)) out.set(prefix + k, v as number[]);
    else if (typeof v === "object" && v !== null) for (const [k2, v2] of flatten(v, `${prefix}${k}.`)) out.set(k2, v2);
    else out.set(prefix + k, [v as number]);
  }
  return out;
}

describe("risk config", () => {
  it("defaults agree: code (RISK_DEFAULTS), schema (parse of {}), model (resolveRiskParameters) and docs table", () => {
    const code = flatten(RISK_DEFAULTS);
    const schema = flatten(defaultRiskConfig());
    const model = flatten(resolveRiskParameters({}));
    const docs = docDefaults();
    for (const [name, value] of code) {
      expect(schema.get(name), `schema default of ${name}`).toEqual(value);
      expect(docs.get(name), `docs/risk-model.md default of ${name}`).toEqual(value);
      if (model.has(name)) expect(model.get(name), `model default of ${name}`).toEqual(value);
    }
    expect(code.size).toBeGreaterThan(10);
  });

  it("names the field in every error, all at once", () => {
    try {
      parseRiskConfig({ bandwidthM: -5, regionalWeight: 1.5, classBreaks: [0, 1], halfLifeDays: "3y", hazardRatePerKmYear: { confirmed: -1 } }, "cfg.json");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const fields = (e as InputError).issues.map((i) => i.field).sort();
      expect(fields).toEqual(["bandwidthM", "classBreaks", "halfLifeDays", "hazardRatePerKmYear.confirmed", "regionalWeight"]);
      expect((e as InputError).issues.every((i) => i.file === "cfg.json" && i.code === "invalid-config")).toBe(true);
      expect((e as InputError).message).toMatch(/bandwidthM.*positive/);
    }
  });

  it("rejects unknown (misspelt) fields instead of ignoring them", () => {
    expect(() => parseRiskConfig({ bandwithM: 500 })).toThrow(/unknown field\(s\) bandwithM/);
  });

  it("maps event types onto target flags and predictor weights", () => {
    const c = parseRiskConfig({ targetEventTypes: ["1", "2"], eventTypeWeights: { "4": 0.5, "5": 0 }, otherEventTypeWeight: 0.8 });
    const { target, predictorWeight } = eventTypeArrays([{ eventType: "1" }, { eventType: "4" }, { eventType: "5" }, { eventType: "8" }, {}], c);
    expect(Array.from(target)).toEqual([1, 0, 0, 0, 0]);
    expect(Array.from(predictorWeight)).toEqual([0.8, 0.5, 0, 0.8, 0.8]);
    const all = eventTypeArrays([{}, { eventType: "3" }], defaultRiskConfig());
    expect(Array.from(all.target)).toEqual([1, 1]);
  });
});
