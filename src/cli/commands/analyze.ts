import type { Command } from "commander";
import { OptionError } from "../../core/errors.ts";
import { resolvePlace } from "../../io/gazetteer.ts";
import { readHazardsGeoJson } from "../../io/read-hazards.ts";
import { readIncidentsCsv } from "../../io/read-csv.ts";
import { readIncidentsGeoJson } from "../../io/read-incidents.ts";
import { readRoadsGeoJson } from "../../io/read-roads.ts";
import { analyze } from "../../pipeline/analyze.ts";
import { summarize } from "../../pipeline/summary.ts";
import { writeOutputs } from "../../pipeline/write-outputs.ts";
import { summaryText } from "../../render/summary-text.ts";
import { defaultStudyArea } from "../paths.ts";

interface AnalyzeFlags {
  roads?: string;
  incidents?: string[];
  hazards?: string;
  from?: string;
  to?: string;
  places?: string;
  out: string;
  lixelLength: string;
  bandwidth: string;
  halfLife: string;
  asOf?: string;
  crs?: string;
  lambda: string;
  json?: boolean;
}

/** `minerisk analyze`: parse flags → read and validate inputs → analyze → write layers → print summary. */
export function registerAnalyze(program: Command, print: (text: string) => void): void {
  program
    .command("analyze")
    .description("score road lixels for mine risk, map incident density and report the corridor between two places")
    .option("--roads <file>", "roads: GeoJSON LineString/MultiLineString (default: the Shusha–Fuzuli study area in data/)")
    .option("--incidents <file...>", "incidents: GeoJSON Points or CSV with lat/lon columns (repeatable)")
    .option("--hazards <file>", "hazard areas: GeoJSON Polygon/MultiPolygon with a status property")
    .option("--from <place>", 'route start: "lon,lat" or a place name')
    .option("--to <place>", 'route end: "lon,lat" or a place name')
    .option("--places <file>", "GeoJSON of named places for --from/--to (checked before the GeoNames gazetteer)")
    .option("--out <dir>", "output folder", "out")
    .option("--lixel-length <m>", "maximum lixel length, metres", "100")
    .option("--bandwidth <m>", "risk kernel reach of an exactly located incident, metres", "1000")
    .option("--half-life <days>", "half-life of an incident's weight, days", "1095")
    .option("--as-of <date>", "date of the estimate, YYYY-MM-DD (default: the latest incident date)")
    .option("--crs <proj>", "working CRS as a projected proj string in metres (default: fitted to the roads)")
    .option("--lambda <n>", "risk aversion for the route: cost = length × (1 + λ × rate)", "0")
    .option("--json", "print the machine summary (summary.json) instead of the text summary")
    .action((flags: AnalyzeFlags) => {
      const useDefault = flags.roads === undefined;
      const def = defaultStudyArea();
      if (useDefault && flags.incidents === undefined) flags.incidents = [def.incidents];
      const roadsFile = flags.roads ?? def.roads;
      const incidentFiles = flags.incidents ?? [];
      const places = flags.places ?? (useDefault ? def.places : undefined);
      const fromName = flags.from ?? (useDefault ? def.from : undefined);
      const toName = flags.to ?? (useDefault ? def.to : undefined);
      if ((fromName === undefined) !== (toName === undefined)) throw new OptionError("give both --from and --to, or neither");
      const roads = readRoadsGeoJson(roadsFile);
      const incidents = incidentFiles.flatMap((f) => (f.toLowerCase().endsWith(".csv") ? readIncidentsCsv(f) : readIncidentsGeoJson(f)));
      const hazards = flags.hazards ? readHazardsGeoJson(flags.hazards) : [];
      const route =
        fromName !== undefined && toName !== undefined
          ? { from: resolvePlace(fromName, places), to: resolvePlace(toName, places), lambda: number(flags.lambda, "--lambda") }
          : undefined;
      const asOfDay = flags.asOf === undefined ? undefined : dateDay(flags.asOf);
      const result = analyze(
        { roads, incidents, hazards },
        {
          crs: flags.crs,
          lixelLengthM: number(flags.lixelLength, "--lixel-length"),
          risk: { bandwidthM: number(flags.bandwidth, "--bandwidth"), halfLifeDays: number(flags.halfLife, "--half-life"), asOfDay },
          route,
        },
      );
      const inputs = [roadsFile, ...incidentFiles, ...(flags.hazards ? [flags.hazards] : []), ...(places ? [places] : [])];
      const written = writeOutputs(result, flags.out, inputs);
      const summary = summarize(result);
      print(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : summaryText(summary, written.map((w) => ({ ...w, file: `${flags.out}/${w.file}` }))));
    });
}

function number(v: string, flag: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n)) throw new OptionError(`${flag} must be a number, got "${v}"`);
  return n;
}

function dateDay(v: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!Number.isFinite(t)) throw new OptionError(`--as-of must be a date YYYY-MM-DD, got "${v}"`);
  return Math.round(t / 86_400_000);
}
