import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { InputError, OptionError } from "../../src/core/errors.ts";
import { registerRoute } from "../../src/cli/commands/route.ts";
import { readInputs } from "../../src/cli/inputs.ts";
import { covariateSources } from "../../src/cli/covariate-flags.ts";
import { defaultStudyArea } from "../../src/cli/paths.ts";
import { resolvePlace } from "../../src/io/places/gazetteer.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { expectedInterval, summarize } from "../../src/pipeline/summary.ts";

/** Run `minerisk route …` in-process; returns what it printed. */
function route(...argv: string[]): string {
  let printed = "";
  const program = new Command().exitOverride();
  registerRoute(program, (t) => (printed += t));
  program.parse(["route", ...argv], { from: "user" });
  return printed;
}
/** The shipped study area's default covariate (loc, the Line of Contact), as the CLI passes it; the library's own default is none. */
const DEFAULT_COVARIATES = covariateSources(defaultStudyArea().covariates);
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-route-"));

describe("minerisk route (default study area: Shusha → Fuzuli)", () => {
  const json = JSON.parse(route("--json"));
  const text = route();

  it("agrees number for number with minerisk analyze", () => {
    const inputs = readInputs({});
    const a = analyze(inputs, { route: { from: resolvePlace("Shusha", inputs.places), to: resolvePlace("Fuzuli", inputs.places) }, covariates: DEFAULT_COVARIATES });
    const report = a.route?.report;
    expect(json.lengthM).toBeCloseTo(report?.lengthM ?? Number.NaN, 3);
    expect(json.expectedIncidentsPerYear).toBe(Number(report?.expectedIncidentsPerYear.toPrecision(6)));
    expect(json.worstStretches.map((s: { fromKm: number }) => s.fromKm)).toEqual(report?.worstStretches.map((s) => s.fromKm));
  });

  it("gives the expected count with the 95 % interval of the calibrated level, the same in the route JSON and summary.json", () => {
    const inputs = readInputs({});
    const a = analyze(inputs, { route: { from: resolvePlace("Shusha", inputs.places), to: resolvePlace("Fuzuli", inputs.places) }, covariates: DEFAULT_COVARIATES });
    const s = summarize(a);
    const k = a.risk.meta.rateScaleInterval!;
    const kappa = a.risk.meta.rateScale;
    // no hazards, no background on the default corridor: the whole expected count scales with κ
    expect(json.expectedIncidentsPerYearInterval.low).toBeCloseTo((json.expectedIncidentsPerYear * k.low) / kappa, 4);
    expect(json.expectedIncidentsPerYearInterval.high).toBeCloseTo((json.expectedIncidentsPerYear * k.high) / kappa, 4);
    // and the level forecast's prediction interval the same way (risk-score.ts rateScalePredictionInterval)
    const pi = a.risk.meta.rateScalePredictionInterval!;
    expect(json.expectedIncidentsPerYearPredictionInterval.low).toBeCloseTo((json.expectedIncidentsPerYear * pi.low) / kappa, 4);
    expect(json.expectedIncidentsPerYearPredictionInterval.high).toBeCloseTo((json.expectedIncidentsPerYear * pi.high) / kappa, 4);
    expect(s.route?.expectedIncidentsPerYearPredictionInterval).toEqual(json.expectedIncidentsPerYearPredictionInterval);
    expect(s.route?.expectedIncidentsPerYearInterval).toEqual(json.expectedIncidentsPerYearInterval);
    expect(json.model.rateScaleInterval.effectiveEvents).toBeGreaterThan(1);
    // two significant digits beside the intervals, e.g. "1.1 (90 % prediction interval 0–3.6 from the damped level forecast, …; 95 % interval 0.33–2.9 …"
    const printed = /expected incidents per year along it: (\S+) \(90 % prediction interval [\d.]+–[\d.]+ from the damped level forecast[^;]*; 95 % interval ([\d.]+)–([\d.]+) from the Poisson error/.exec(text);
    expect(printed?.[1]).toBe(json.expectedIncidentsPerYear.toPrecision(2));
    expect(Number(printed?.[2])).toBeCloseTo(json.expectedIncidentsPerYearInterval.low, 2);
  });

  it("only the incident part of an expected count moves with κ; background and hazard parts stay (hand case)", () => {
    // one 1 km step at rate 0.3 = incident 0.2 + hazard 0.1; κ = 2 with interval [1, 4]
    const risk = { incidentRatePerKmYear: Float64Array.of(0.2), meta: { rateScale: 2, rateScaleInterval: { low: 1, high: 4, confidence: 0.95, events: 3, effectiveEvents: 3 } } };
    const r = expectedInterval([{ lixel: 0, fromFrac: 0, toFrac: 1 }] as never, Float64Array.of(1000), risk as never, 0.3);
    expect(r?.low).toBeCloseTo(0.3 - 0.2 * 0.5, 12);
    expect(r?.high).toBeCloseTo(0.3 + 0.2 * 1, 12);
    expect(expectedInterval([], Float64Array.of(1000), { ...risk, meta: { rateScale: 2, rateScaleInterval: null } } as never, 0.3)).toBeNull();
  });

  it("explains every red stretch: each stretch rated high or above is listed with components adding up to its rate", () => {
    const inputs = readInputs({});
    const a = analyze(inputs, { route: { from: resolvePlace("Shusha", inputs.places), to: resolvePlace("Fuzuli", inputs.places) }, covariates: DEFAULT_COVARIATES });
    const high = a.risk.meta.classBreaks[2];
    const red = (a.route?.report.stretches ?? []).filter((s) => s.ratePerKmYear >= high);
    expect(red.length).toBeGreaterThan(5); // more than the five worst: the rule matters on the default corridor
    const listed = summarize(a).route?.worstStretches ?? [];
    for (const s of red) {
      const hit = listed.find((w) => Math.abs(w.fromKm - s.fromKm) < 1e-3);
      expect(hit, `stretch from km ${s.fromKm}`).toBeDefined();
      const sum = Object.values(hit?.components ?? {}).reduce((t: number, v) => t + (v ?? 0), 0);
      expect(sum).toBeCloseTo(s.ratePerKmYear, 4);
      expect(hit?.mainReason).toMatch(/\w/);
    }
    expect(json.worstStretches.length).toBe(red.length);
  });

  it("prints the documented JSON fields, and says the road is schematic", () => {
    for (const k of ["lengthM", "expectedIncidentsPerYear", "kmByClass", "worstStretches", "tradeoff"]) expect(json).toHaveProperty(k);
    expect(Object.keys(json.worstStretches[0]).slice(0, 4)).toEqual(["fromKm", "toKm", "rate", "expectedIncidentsPerYear"]);
    expect(typeof json.worstStretches[0].near).toBe("string");
    const km = Object.values(json.kmByClass as Record<string, number>).reduce((s, v) => s + v, 0);
    expect(km).toBeCloseTo(json.lengthM / 1000, 2);
    expect(json.schematicKm).toBeGreaterThan(0);
    // the route is schematic from its first metre: every stretch's chainage is approximate, by its end km
    for (const w of json.worstStretches) expect(w.schematicKmBefore).toBeCloseTo(w.toKm, 2);
    expect(text).toMatch(/km \d+\.\d–\d+\.\d \(approximate: measured over \d+\.\d km of schematic geometry\)/);
    expect(json.tradeoff[0]).toMatchObject({ lambda: 0, lengthM: json.lengthM, extraLengthM: 0 });
    expect(text).toContain("Route Shusha → Fuzuli");
    expect(text).toContain("SCHEMATIC");
    expect(text).toContain("never means a road is safe");
  });
});

describe("minerisk route on a user network with a detour", () => {
  // The ladder of test/helpers/routing-networks.ts in degrees: A (47.0, 39.6) → B (47.012, 39.6), about
  // 1.03 km; M 0.002° north, N 0.004° and O 0.006° south. Five incidents on D's midpoint make D risky.
  const dir = tmp();
  const A = [47.0, 39.6];
  const B = [47.012, 39.6];
  const via = (dLat: number) => [A, [A[0], A[1] + dLat], [B[0], B[1] + dLat], B];
  const road = (name: string, coordinates: number[][]) => ({ type: "Feature", properties: { name, highway: "primary" }, geometry: { type: "LineString", coordinates } });
  writeFileSync(join(dir, "roads.geojson"), JSON.stringify({ type: "FeatureCollection", features: [road("D", [A, B]), road("M", via(0.002)), road("N", via(-0.004)), road("O", via(-0.006))] }));
  const incident = (k: number) => ({ type: "Feature", properties: { id: `i${k}`, date: `2023-0${k + 1}-01`, device: "anti-tank", locationPrecisionM: 10 }, geometry: { type: "Point", coordinates: [47.006, 39.6] } });
  writeFileSync(join(dir, "incidents.geojson"), JSON.stringify({ type: "FeatureCollection", features: [0, 1, 2, 3, 4].map(incident) }));
  // an avoid box over D's middle, without status (= avoid), and a cleared one that must not be avoided
  const box = (id: string, lon0: number, lon1: number, lat0: number, lat1: number, status?: string) => ({
    type: "Feature",
    properties: { id, ...(status ? { status } : {}) },
    geometry: { type: "Polygon", coordinates: [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]] },
  });
  writeFileSync(join(dir, "avoid.geojson"), JSON.stringify({ type: "FeatureCollection", features: [box("mid-D", 47.005, 47.007, 39.5995, 39.6005), box("old", 47.0, 47.012, 39.5935, 39.5945, "cleared")] }));
  const base = ["--roads", join(dir, "roads.geojson"), "--incidents", join(dir, "incidents.geojson"), "--from", "47,39.6", "--to", "47.012,39.6"];

  it("trades length for risk: the curve has the shortest and at least one safer, longer route", () => {
    const j = JSON.parse(route(...base, "--json", "--alternatives", "3"));
    expect(j.tradeoff.length).toBeGreaterThanOrEqual(2);
    for (let k = 1; k < j.tradeoff.length; k++) {
      expect(j.tradeoff[k].lengthM).toBeGreaterThan(j.tradeoff[k - 1].lengthM);
      expect(j.tradeoff[k].expectedIncidentsPerYear).toBeLessThan(j.tradeoff[k - 1].expectedIncidentsPerYear);
      expect(j.tradeoff[k].lambda).toBe(j.tradeoff[k - 1].lambdaMax);
    }
    expect(j.alternatives.length).toBeGreaterThanOrEqual(2);
    expect(j.alternatives[0].roadNames).toEqual(["D"]);
    expect(j.schematicKm).toBe(0);
    for (const w of j.worstStretches) expect(w.schematicKmBefore).toBe(0);
  });

  it("avoids the areas of --avoid (not the cleared one) and writes charts with --out", () => {
    const out = tmp();
    const j = JSON.parse(route(...base, "--json", "--avoid", join(dir, "avoid.geojson"), "--out", out));
    expect(j.alternatives[0].roadNames).toEqual(["M"]);
    expect(j.avoid).toMatchObject({ areas: 2, avoided: 1, notAvoided: ["old"] });
    // the box is 0.002° ≈ 171 m wide: 2 or 3 of D's ≈ 94 m lixels, nothing of N (where "old" lies)
    expect(j.avoid.blockedLixels).toBeGreaterThanOrEqual(2);
    expect(j.avoid.blockedKm).toBeLessThan(0.3);
    expect(readdirSync(out).filter((f) => f !== ".minerisk-run.json").sort()).toEqual([
      "risk-profile.png", "risk-profile.svg", "route-gpx.meta.json", "route.fgb", "route.geojson", "route.gpx", "route.json", "route.meta.json", "route.qml",
      "tradeoff.png", "tradeoff.svg", "worst-stretches.fgb", "worst-stretches.geojson", "worst-stretches.meta.json", "worst-stretches.qml",
    ]);
    expect(JSON.parse(readFileSync(join(out, "route.json"), "utf8"))).toEqual(j);
    expect(route(...base, "--json", "--avoid", join(dir, "avoid.geojson"))).toBe(route(...base, "--json", "--avoid", join(dir, "avoid.geojson")));
  });

  it("writes every route as a layer and as GPX tracks, with chainage markers on request", () => {
    const out = tmp();
    const j = JSON.parse(route(...base, "--json", "--alternatives", "3", "--out", out, "--chainage-km", "0.5"));
    const layer = JSON.parse(readFileSync(join(out, "route.geojson"), "utf8"));
    // one feature per listed route, main first, each as long as the JSON says
    expect(layer.features.length).toBe(j.alternatives.length);
    expect(layer.features.map((f: { properties: { rank: number } }) => f.properties.rank)).toEqual(j.alternatives.map((_: unknown, i: number) => i + 1));
    expect(layer.features[0].properties.role).toBe("main");
    for (let i = 0; i < j.alternatives.length; i++) expect(layer.features[i].properties.lengthKm).toBeCloseTo(j.alternatives[i].lengthM / 1000, 3);
    const gpx = readFileSync(join(out, "route.gpx"), "utf8");
    expect(gpx.match(/<trk>/g)?.length).toBe(j.alternatives.length);
    // the main track has the route layer's vertices, in order, to 6 decimals
    const firstTrack = gpx.slice(gpx.indexOf("<trk>"), gpx.indexOf("</trk>"));
    const pts = [...firstTrack.matchAll(/<trkpt lat="([-\d.]+)" lon="([-\d.]+)"/g)].map((m) => [Number(m[2]), Number(m[1])]);
    expect(pts).toEqual(layer.features[0].geometry.coordinates);
    // chainage every 0.5 km: floor(length / 0.5 km) markers, the k-th at k × 0.5 km
    const chain = JSON.parse(readFileSync(join(out, "chainage.geojson"), "utf8"));
    expect(chain.features.length).toBe(Math.floor(j.alternatives[0].lengthM / 500));
    expect(chain.features.map((f: { properties: { km: number } }) => f.properties.km)).toEqual(chain.features.map((_: unknown, k: number) => (k + 1) * 0.5));
    expect(gpx.match(/<wpt /g)?.length).toBe(chain.features.length);
    expect(() => route(...base, "--out", tmp(), "--chainage-km", "0")).toThrow(OptionError);
  });

  it("honours a rate cut-off and refuses clearly when nothing is left", () => {
    const worst = JSON.parse(route(...base, "--json")).worstStretches[0].rate as number;
    const j = JSON.parse(route(...base, "--json", "--max-rate", String(worst * 0.9)));
    expect(j.alternatives[0].roadNames).not.toContain("D");
    // every road is within the incidents' 1 km kernel, so a cut-off of 0 leaves nothing
    expect(() => route(...base, "--max-rate", "0")).toThrow(/no route from the start to the end avoiding \d+ blocked road pieces/);
    expect(() => route(...base, "--max-rate", "-1")).toThrow(OptionError);
  });

  it("reports bad flags and bad files as OptionError / InputError", () => {
    expect(() => route(...base, "--alternatives", "0")).toThrow(OptionError);
    expect(() => route(...base, "--lambda", "lots")).toThrow(/--lambda must be a number/);
    expect(() => route("--roads", join(dir, "roads.geojson"), "--from", "47,39.6")).toThrow(OptionError);
    writeFileSync(join(dir, "bad-avoid.geojson"), JSON.stringify({ type: "FeatureCollection", features: [box("x", 47, 47.001, 39.6, 39.601, "maybe")] }));
    const bad = () => route(...base, "--avoid", join(dir, "bad-avoid.geojson"));
    expect(bad).toThrow(InputError);
    expect(bad).toThrow(/bad-avoid\.geojson record 1 \(id x\) properties\.status \[invalid-status\]/);
  });

  it("--config sets the model as the backtest's config does; --bandwidth overrides it; a bad config names the field", () => {
    writeFileSync(join(dir, "wide.json"), JSON.stringify({ bandwidthM: 3000, precisionScale: 1 }));
    const plain = JSON.parse(route(...base, "--json"));
    const wide = JSON.parse(route(...base, "--json", "--config", join(dir, "wide.json")));
    expect(wide.model.bandwidthM).toBe(3000);
    expect(wide.model.precisionScale).toBe(1);
    expect(wide.expectedIncidentsPerYear).not.toBe(plain.expectedIncidentsPerYear);
    expect(JSON.parse(route(...base, "--json", "--config", join(dir, "wide.json"), "--bandwidth", "1500")).model.bandwidthM).toBe(1500);
    // event types: weight 0 for every incident leaves nothing to score, so the rate is the background everywhere
    writeFileSync(join(dir, "none.json"), JSON.stringify({ otherEventTypeWeight: 0 }));
    expect(JSON.parse(route(...base, "--json", "--config", join(dir, "none.json"))).expectedIncidentsPerYear).toBe(0);
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ bandwidthM: -5 }));
    expect(() => route(...base, "--config", join(dir, "bad.json"))).toThrow(/bandwidthM/);
  });
});
