import { join } from "node:path";
import { addModelOptions, type ModelFlags, modelOptions, withEventTypes } from "../model-options.ts";
import type { Command } from "commander";
import { OptionError } from "../../core/errors.ts";
import { resolvePlace } from "../../io/places/gazetteer.ts";
import { validateHazards } from "../../io/read/read-hazards.ts";
import { parseJson, readTextFile } from "../../io/json/read-json.ts";
import type { HazardRecord } from "../../io/fields/records.ts";
import { writeFileAtomic } from "../../io/write/write-file.ts";
import { CAVEAT } from "../../pipeline/summary.ts";
import { routeRun, type RouteRunSummary, routeRunSummary } from "../../pipeline/route-run.ts";
import { writeRouteOutputs } from "../../pipeline/route-outputs.ts";
import { riskProfileSvg, tradeoffSvg } from "../../render/charts/charts.ts";
import { svgToPng } from "../../render/png.ts";
import { chainageNote, covariateLine, expectedWithInterval } from "../../render/summary-text.ts";
import { VERSION } from "../../version.ts";
import { numberFlag } from "../flags.ts";
import { addInputOptions, type InputFlags, inputFilesOf, readInputs, withVectorFormats } from "../inputs.ts";
import { stagedAction } from "../staged-action.ts";
import { MAX_ALTERNATIVES } from "../../analyses/routing/alternatives.ts";
import { defaultStudyArea } from "../paths.ts";
import { addProgressOption, createProgress } from "../progress.ts";
import { addCovariateOptions, type CovariateFlags, covariateFiles, covariateSources } from "../covariate-flags.ts";

interface RouteFlags extends InputFlags, ModelFlags, CovariateFlags {
  from?: string;
  to?: string;
  lambda: string;
  alternatives: string;
  avoid?: string;
  avoidBuffer: string;
  maxRate?: string;
  oneway?: boolean;
  maxLambda: string;
  stretchLength: string;
  worst: string;
  out?: string;
  chainageKm?: string;
  json?: boolean;
  progress?: string;
}

/**
 * `minerisk route`: parse flags → read and validate inputs → route run (main route, alternatives,
 * corridor reports, trade-off curve) → print text or `--json`; with `--out DIR` also write the risk
 * profile and trade-off charts (SVG and PNG) and route.json. The schema is documented in docs/routing.md.
 */
export function registerRoute(program: Command, print: (text: string) => void): void {
  addProgressOption(addCovariateOptions(addModelOptions(addInputOptions(program.command("route").description("shortest and safest route between two places, its corridor report, alternatives and the length–risk trade-off")))))
    .option("--from <place>", 'route start: "lon,lat" or a place name (default with the shipped study area: Shusha)')
    .option("--to <place>", 'route end: "lon,lat" or a place name (default with the shipped study area: Fuzuli)')
    .option("--lambda <n>", "risk aversion λ, km·year per incident: cost = length × (1 + λ × rate)", "0")
    .option("--alternatives <k>", "list up to k routes (penalty method, docs/routing.md)", "1")
    .option("--avoid <file>", "GeoJSON polygons never to drive through (features without status are avoided; cleared/cancelled/released are not)")
    .option("--avoid-buffer <m>", "also avoid roads within this distance of an avoid area, metres", "0")
    .option("--max-rate <r>", "never use road pieces above this rate, incidents/km/year")
    .option("--oneway", "honour OSM oneway tags (default: every road both ways)")
    .option("--max-lambda <n>", "largest λ explored by the trade-off curve", "1000000")
    .option("--stretch-length <m>", "length of the stretches of the corridor report, metres", "1000")
    .option("--worst <n>", "how many worst stretches to list at least (every stretch rated high or above is listed too)", "5")
    .option("--out <dir>", "also write the routes (route.geojson/.fgb/.qml, route.gpx for GPS units), the worst stretches, route.json and the charts (risk-profile, tradeoff: .svg/.png) here")
    .option("--chainage-km <n>", "with --out: a chainage marker every n km along the main route (chainage layer and GPX waypoints)")
    .option("--json", "print the machine-readable result (docs/routing.md) instead of text")
    .action(
      withVectorFormats(stagedAction(print, (flags: RouteFlags) => [...inputFilesOf(flags), ...(flags.avoid ? [flags.avoid] : []), ...covariateFiles(flags).map((c) => c.file)], (flags: RouteFlags, print) => {
      // flags first, so a flag mistake is reported before any file is read
      const def = defaultStudyArea(flags.area);
      const fromName = flags.from ?? (flags.roads === undefined ? def.from : undefined);
      const toName = flags.to ?? (flags.roads === undefined ? def.to : undefined);
      if (fromName === undefined || toName === undefined) throw new OptionError("give both --from and --to (place names or \"lon,lat\")");
      const count = numberFlag(flags.alternatives, "--alternatives");
      if (!Number.isInteger(count) || count < 1 || count > MAX_ALTERNATIVES) throw new OptionError(`--alternatives must be a whole number from 1 to ${MAX_ALTERNATIVES}, got "${flags.alternatives}"`);
      const worstCount = numberFlag(flags.worst, "--worst");
      if (!Number.isInteger(worstCount) || worstCount < 0) throw new OptionError(`--worst must be a whole number >= 0, got "${flags.worst}"`);
      const chainageEveryKm = flags.chainageKm === undefined ? undefined : numberFlag(flags.chainageKm, "--chainage-km");
      if (chainageEveryKm !== undefined && !(chainageEveryKm >= 0.1 && chainageEveryKm <= 1000)) throw new OptionError(`--chainage-km must be between 0.1 and 1000 km, got "${flags.chainageKm}"`);
      const model = modelOptions(flags);
      const covariates = covariateFiles(flags);
      const options = {
        lambda: numberFlag(flags.lambda, "--lambda"),
        alternatives: count,
        avoidBufferM: numberFlag(flags.avoidBuffer, "--avoid-buffer"),
        maxRatePerKmYear: flags.maxRate === undefined ? undefined : numberFlag(flags.maxRate, "--max-rate"),
        oneway: flags.oneway ?? false,
        maxLambda: numberFlag(flags.maxLambda, "--max-lambda"),
        stretchLengthM: numberFlag(flags.stretchLength, "--stretch-length"),
        worstCount,
      };
      const progress = createProgress({ mode: flags.progress });
      const steps = flags.out === undefined ? 2 : 3;
      const inputs = readInputs(flags);
      progress.onProgress("inputs read", 1, steps);
      const avoid = flags.avoid === undefined ? [] : readAvoidAreas(flags.avoid);
      const run = routeRun(
        { roads: inputs.roads, incidents: inputs.incidents, hazards: inputs.hazards },
        { ...options, ...withEventTypes(model, inputs.incidents), from: resolvePlace(fromName, inputs.places), to: resolvePlace(toName, inputs.places), avoid, placesFile: inputs.places, covariates: covariateSources(covariates) },
      );
      const json = routeRunSummary(run, { toolkit: "minerisk", version: VERSION, caveat: CAVEAT, lambda: options.lambda, oneway: options.oneway, maxRatePerKmYear: options.maxRatePerKmYear, avoidFile: flags.avoid });
      progress.onProgress("routes", 2, steps);
      if (flags.out !== undefined) {
        const protect = [...inputs.files, ...(flags.avoid ? [flags.avoid] : []), ...covariates.map((c) => c.file)];
        writeRouteFiles(flags.out, run, json, protect);
        writeRouteOutputs(flags.out, run, protect, protect, { chainageEveryKm, toolkit: "minerisk", version: VERSION, options: { ...options, from: json.from, to: json.to, ...(json.model.covariates ? { covariates: json.model.covariates } : {}) } });
        progress.onProgress("route layers written", 3, steps);
      }
      progress.stop();
      print(flags.json ? `${JSON.stringify(json, null, 2)}\n` : routeText(json, count));
      })),
    );
}

/**
 * Avoid polygons: GeoJSON Polygon/MultiPolygon features validated like hazard areas. A feature without
 * `status` means "avoid" and is read as confirmed (the file's purpose says so); a given status must be
 * valid, and cancelled/cleared/released areas are listed as not avoided rather than dropped.
 */
function readAvoidAreas(file: string): HazardRecord[] {
  const json = parseJson(readTextFile(file), file) as { features?: unknown };
  if (json !== null && typeof json === "object" && Array.isArray(json.features)) {
    json.features = json.features.map((f: { properties?: Record<string, unknown> | null }) =>
      f && typeof f === "object" && (f.properties?.status ?? null) === null ? { ...f, properties: { ...(f.properties ?? {}), status: "confirmed" } } : f,
    );
  }
  return validateHazards(json, file);
}

function writeRouteFiles(dir: string, run: ReturnType<typeof routeRun>, json: RouteRunSummary, protect: readonly string[]): void {
  const main = run.routes[0];
  const note = json.schematicKm > 0 ? `${json.schematicKm.toFixed(1)} km of this route run on SCHEMATIC geometry: distances and chainages there are approximate` : undefined;
  const title = `Risk profile: ${run.from.name} → ${run.to.name} (λ = ${json.lambda})`;
  const profile = riskProfileSvg(main.report.profile, { title, note });
  const tradeoff = tradeoffSvg(run.tradeoff, { title: `Length against risk: ${run.from.name} → ${run.to.name}`, note });
  writeFileAtomic(join(dir, "route.json"), `${JSON.stringify(json, null, 2)}\n`, protect);
  writeFileAtomic(join(dir, "risk-profile.svg"), profile, protect);
  writeFileAtomic(join(dir, "risk-profile.png"), svgToPng(profile), protect);
  writeFileAtomic(join(dir, "tradeoff.svg"), tradeoff, protect);
  writeFileAtomic(join(dir, "tradeoff.png"), svgToPng(tradeoff), protect);
}

const n = (v: number | null, digits = 3) => (v === null ? "–" : v.toFixed(digits));
const e = (v: number | null) => (v === null ? "–" : v === 0 ? "0" : v.toPrecision(3));

/** The human-readable report: the route, where it is worst, the alternatives and the trade-off table. */
function routeText(j: RouteRunSummary, requested: number): string {
  const out: string[] = [];
  out.push(`Route ${j.from.name} → ${j.to.name} (λ = ${j.lambda}${j.oneway ? ", one-way honoured" : ""}${j.maxRatePerKmYear !== null ? `, rate cut-off ${j.maxRatePerKmYear}` : ""})`);
  out.push(`  start snapped ${n(j.from.snapM, 1)} m to the network, end ${n(j.to.snapM, 1)} m`);
  out.push(`  length ${n(j.lengthM / 1000)} km; expected incidents per year along it: ${expectedWithInterval(j.expectedIncidentsPerYear, j.expectedIncidentsPerYearInterval, j.model.rateScaleInterval, { interval: j.expectedIncidentsPerYearPredictionInterval, level: j.model.level })}`);
  const cov = covariateLine(j.model.covariates);
  if (cov) out.push(`  ${cov}`);
  if (j.schematicKm > 0) out.push(`  ${n(j.schematicKm, 1)} km of it on SCHEMATIC geometry (hand-drawn through sourced points): distances and chainages there are approximate`);
  if (j.avoid.areas > 0) out.push(`  avoiding ${j.avoid.avoided} area(s) from ${j.avoid.file}: ${n(j.avoid.blockedKm)} km of road blocked${j.avoid.notAvoided.length ? `; not avoided (cleared/cancelled/released): ${j.avoid.notAvoided.join(", ")}` : ""}`);
  out.push(`  km by risk class: ${Object.entries(j.kmByClass).map(([k, v]) => `${k} ${n(v, 1)}`).join(", ")}`);
  out.push("  worst stretches:");
  for (const s of j.worstStretches) {
    const near = s.near === null ? "" : `  near ${s.near} (${n(s.nearDistanceKm, 1)} km)`;
    out.push(`    km ${n(s.fromKm, 1)}–${n(s.toKm, 1)}${chainageNote(s.schematicKmBefore)}  ${e(s.rate)} /km/yr${near}  ${s.roadNames.join(", ")}`);
  }
  if (j.alternatives.length < requested) out.push(`  (${j.alternatives.length} of ${requested} routes found within 1.5 × the best route's cost)`);
  if (j.alternatives.length > 1) {
    out.push("Alternatives (penalty method):");
    j.alternatives.forEach((a, k) => out.push(`  ${k + 1}. ${n(a.lengthM / 1000)} km, ${e(a.expectedIncidentsPerYear)} incidents/yr, ${n(a.sharedWithBestM / 1000, 1)} km shared with route 1  ${a.roadNames.join(", ")}`));
  }
  out.push("Trade-off (each route is the least-cost one from λ on; km·year per incident):");
  out.push("  λ from        length km   extra km   incidents/yr   fewer/yr");
  for (const p of j.tradeoff) out.push(`  ${e(p.lambda).padEnd(12)}  ${n(p.lengthM / 1000).padStart(9)}  ${n(p.extraLengthM / 1000).padStart(9)}  ${e(p.expectedIncidentsPerYear).padStart(13)}  ${e(p.riskReductionPerYear).padStart(9)}`);
  if (j.tradeoff.length === 1) out.push("  (one point: no route between these places is safer than the shortest)");
  out.push(j.caveat);
  return `${out.join("\n")}\n`;
}
