import type { Command } from "commander";
import { OptionError } from "../../core/errors.ts";
import { resolvePlace } from "../../io/places/gazetteer.ts";
import { analyze } from "../../pipeline/analyze.ts";
import { unreadFieldNotes } from "../../io/unread/unread-summary.ts";
import { casualtyTotalLines } from "../../render/unread-text.ts";
import { summarize } from "../../pipeline/summary.ts";
import { writeOutputs } from "../../pipeline/write-outputs.ts";
import { contextAttributions, readContextLayer } from "../../io/layers/context-layers.ts";
import { readOfficialTotals } from "../../io/read/read-official-totals.ts";
import { summaryText } from "../../render/summary-text.ts";
import { numberFlag } from "../flags.ts";
import { LAYER_FORMATS, type LayerFormat } from "../../io/write/write-layer.ts";
import { addProgressOption, createProgress } from "../progress.ts";
import { ANALYZE_PHASES, phaseProgress } from "../phase-progress.ts";
import { readMapPlaces } from "./map.ts";
import { addModelOptions, type ModelFlags, modelOptions, withEventTypes } from "../model-options.ts";
import { runCredits } from "../credits.ts";
import { addInputOptions, type InputFlags, inputFilesOf, readInputs, withVectorFormats } from "../inputs.ts";
import { stagedAction } from "../staged-action.ts";
import { defaultStudyArea } from "../paths.ts";
import { createTimings, timingsText, writeTimings } from "../timings.ts";
import { addCovariateOptions, type CovariateFlags, covariateFiles, covariateSources } from "../covariate-flags.ts";

interface AnalyzeFlags extends InputFlags, ModelFlags, CovariateFlags {
  from?: string;
  to?: string;
  out: string;
  lambda: string;
  json?: boolean;
  quiet?: boolean;
  formats?: string;
  context?: string[];
  officialTotals?: string;
  completeness?: string;
  timings?: boolean;
  progress?: string;
}

/** Runs with more lixels than this drop the per-lixel GeoJSON by default (FlatGeobuf and CSV keep them). */
export const BIG_RUN_LIXELS = 100_000;

/** `minerisk analyze`: parse flags → read and validate inputs → analyze → write layers → print summary. */
export function registerAnalyze(program: Command, print: (text: string) => void): void {
  addProgressOption(addCovariateOptions(addModelOptions(addInputOptions(program.command("analyze").description("score road lixels for mine risk, map incident density and report the corridor between two places")))))
    .option("--from <place>", 'route start: "lon,lat" or a place name')
    .option("--to <place>", 'route end: "lon,lat" or a place name')
    .option("--out <dir>", "output folder", "out")
    .option("--lambda <n>", "risk aversion for the route: cost = length × (1 + λ × rate)", "0")
    .option("--json", "print the machine summary (summary.json) instead of the text summary")
    .option("--quiet", "no progress bars and no text summary")
    .option("--formats <list>", `layer formats, comma-separated: ${LAYER_FORMATS.join(", ")} (default geojson,fgb,csv; over ${BIG_RUN_LIXELS.toLocaleString("en")} lixels the lixels layer drops GeoJSON unless --formats is given)`)
    .option("--official-totals <file>", "CSV of official victim totals (as_of_date, period_start, scope, victims_total, …) to measure how complete the incident record is (default with the shipped study area: its official Azerbaijani totals)")
    .option("--completeness <share>", 'scale the rates to stand for all incidents: a share in (0, 1], or "auto" for recorded ÷ official victims (default: report the share, do not scale)')
    .option("--context <files...>", "GeoJSON lines or polygons drawn under the risk layers and written as styled context-NAME layers (default with the shipped study area: its Line of Contact, 2020 ceasefire line, area held 1994–2020, districts and borders)")
    .option("--timings", "print each phase's wall-clock time and the peak memory to stderr, and write them to timings.json (times vary: that file is outside the same-inputs-same-bytes promise)")
    .action(
      withVectorFormats(stagedAction(print, analyzeInputFiles, (flags: AnalyzeFlags, print, shownOut) => {
      // flags first, so a flag mistake is reported before any file is read
      const def = defaultStudyArea(flags.area);
      const fromName = flags.from ?? (flags.roads === undefined ? def.from : undefined);
      const toName = flags.to ?? (flags.roads === undefined ? def.to : undefined);
      if ((fromName === undefined) !== (toName === undefined)) throw new OptionError("give both --from and --to, or neither");
      const model = modelOptions(flags);
      const completeness = flags.completeness === undefined ? undefined : flags.completeness === "auto" ? ("auto" as const) : numberFlag(flags.completeness, "--completeness");
      if (typeof completeness === "number" && !(completeness > 0 && completeness <= 1)) throw new OptionError(`--completeness must be a share in (0, 1] or "auto", got "${flags.completeness}"`);
      const totalsFile = flags.officialTotals ?? (flags.roads === undefined ? def.officialTotals : undefined);
      const covariates = covariateFiles(flags);
      const timings = flags.timings ? createTimings() : undefined;
      // one bar for the whole run: reading, each analysis phase, then each output written
      // the phases own 85 % of --progress json's fraction, writing the rest
      const progress = createProgress({ quiet: flags.quiet, mode: flags.progress });
      const onPhase = phaseProgress(progress.span(0, 0.85), timings?.onPhase);
      const inputs = timings ? timings.time("read", () => readInputs(flags, { reportDir: flags.out })) : readInputs(flags, { reportDir: flags.out });
      progress.span(0, 0.85)("analysing: read done", 1, ANALYZE_PHASES.length); // --timings records read itself, above
      const { roads, incidents, hazards, places } = inputs;
      // a casualty total read as nothing is said at once, before the long run (and again first in the summary)
      if (!flags.quiet) for (const w of casualtyTotalLines(unreadFieldNotes(inputs.report))) process.stderr.write(`minerisk: ${w}\n`);
      const route =
        fromName !== undefined && toName !== undefined
          ? { from: resolvePlace(fromName, places), to: resolvePlace(toName, places), lambda: numberFlag(flags.lambda, "--lambda") }
          : undefined;
      const officialTotals = totalsFile === undefined ? undefined : readOfficialTotals(totalsFile);
      const result = analyze({ roads, incidents, hazards }, { ...withEventTypes(model, incidents), route, officialTotals, completeness, onPhase, covariates: covariateSources(covariates) });
      const formats = (flags.formats ?? "geojson,fgb,csv").split(",").map((f) => f.trim());
      // a national run's lixels.geojson is hundreds of MB that nobody opens: by default the lixels go to
      // FlatGeobuf (spatially indexed) and CSV only, and the run says so
      const bigRun = flags.formats === undefined && result.lixels.count > BIG_RUN_LIXELS;
      const layerFormats = bigRun ? { lixels: formats.filter((f) => f !== "geojson") as LayerFormat[] } : undefined;
      if (bigRun && !flags.quiet) process.stderr.write(`minerisk: ${result.lixels.count.toLocaleString("en")} lixels (over ${BIG_RUN_LIXELS.toLocaleString("en")}): lixels.geojson is not written; lixels.fgb holds every lixel (give --formats geojson,fgb,csv to write it)\n`);
      const unknown = formats.filter((f) => !(LAYER_FORMATS as readonly string[]).includes(f));
      if (unknown.length) throw new OptionError(`--formats: unknown ${unknown.join(", ")}; choose from ${LAYER_FORMATS.join(", ")}`);
      const contextFiles = flags.context ?? (flags.roads === undefined ? def.context : []);
      const context = contextFiles.map((f) => readContextLayer(f));
      const attribution = runCredits(inputs, { given: flags.attribution, placesFile: places, placeSources: route ? [route.from.source, route.to.source] : [], extra: contextAttributions(context) });
      const write = () =>
        writeOutputs(result, flags.out, [...inputs.files, ...contextFiles, ...(totalsFile ? [totalsFile] : []), ...covariates.map((c) => c.file)], {
          context,
          intake: inputs.report,
          attribution,
          formats: formats as LayerFormat[],
          layerFormats,
          places: places ? readMapPlaces(places) : undefined,
          onProgress: timings ? timings.steps(progress.span(0.85, 1)) : progress.span(0.85, 1),
        });
      if (timings) timings.time("write", write);
      else write();
      progress.stop();
      if (timings) {
        const record = timings.record();
        writeTimings(flags.out, record, inputs.files);
        process.stderr.write(timingsText(record));
      }
      const summary = summarize(result, { intake: inputs.report, attribution });
      if (flags.json) print(`${JSON.stringify(summary, null, 2)}\n`);
      else if (!flags.quiet) print(summaryText(summary, shownOut ?? flags.out));
      })),
    );
}

/** Every file an analyze run reads, known from the flags alone (checked against --out before anything is written). */
function analyzeInputFiles(flags: AnalyzeFlags): string[] {
  const def = defaultStudyArea(flags.area);
  const isDefault = flags.roads === undefined;
  const totals = flags.officialTotals ?? (isDefault ? def.officialTotals : undefined);
  return [...inputFilesOf(flags), ...(flags.context ?? (isDefault ? def.context : [])), ...(totals ? [totals] : []), ...covariateFiles(flags).map((c) => c.file)];
}
