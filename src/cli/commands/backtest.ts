import type { Command } from "commander";
import { OptionError } from "../../core/errors.ts";
import { isActiveHazard } from "../../core/hazard-set.ts";
import { lixelize } from "../../core/lixels.ts";
import { backtestSplit, type SplitResult } from "../../analyses/backtest/run-backtest.ts";
import { pooledComparison } from "../../analyses/backtest/pooled-comparison.ts";
import { assertBacktestInputs } from "../../analyses/backtest/split-guards.ts";
import { lixelBands, rollingSplits } from "../../analyses/backtest/splits.ts";
import { lixelRoutes } from "../../analyses/risk/network-density.ts";
import { buildDataset } from "../../io/read/build-dataset.ts";
import { MAX_DISTANCE_ERROR_HELP, MAX_LIXELS_HELP, maxDistanceErrorFlag, maxLixelsFlag } from "../model-options.ts";
import type { IntakeReport } from "../../io/intake/types.ts";
import type { IncidentRecord } from "../../io/fields/records.ts";
import { defaultRiskConfig, eventTypeArrays, readRiskConfig, riskOptionsFromConfig } from "../../io/read/risk-config.ts";
import { writeFileAtomic } from "../../io/write/write-file.ts";
import { backtestChartSvg, backtestMarkdown } from "../../render/charts/backtest-chart.ts";
import { differenceChartSvg } from "../../render/charts/difference-chart.ts";
import { pooledMarkdown } from "../../render/charts/pooled-table.ts";
import { svgToPng } from "../../render/png.ts";
import { buildAreaIndex } from "../../spatial/area-index.ts";
import { buildLixelIndex } from "../../spatial/lixel-index.ts";
import { splitAtJunctions } from "../../spatial/road-junctions.ts";
import { numberFlag } from "../flags.ts";
import { addLevelOptions, type LevelFlags, levelOptionsFromFlags } from "../level-flags.ts";
import { levelSummaries } from "../../analyses/backtest/level-calibration.ts";
import { addProgressOption, createProgress } from "../progress.ts";
import { covariateFlag, readCovariate } from "../../io/read/read-covariate.ts";
import { defaultStudyArea } from "../paths.ts";
import { addInputOptions, type InputFlags, inputFilesOf, readInputs, withVectorFormats } from "../inputs.ts";
import { stagedAction } from "../staged-action.ts";

interface BacktestFlags extends InputFlags, LevelFlags {
  progress?: string;
  maxLixels?: string;
  cutoff?: string;
  maxDistanceError?: string;
  testYears?: string;
  config?: string;
  targetTypes?: string;
  snapTolerance?: string;
  regions?: string;
  seed: string;
  lixelLength: string;
  json?: boolean;
  out?: string;
  model: string;
  covariate: string[];
}

/** --model as the backtest's model name, or an OptionError listing the two. */
export function modelFlag(v: string): "kernel" | "fitted" {
  if (v === "kernel" || v === "fitted") return v;
  throw new OptionError(`--model must be kernel (the fixed-weight kernel model v1.1, the default) or fitted (the Poisson ranking model fitted inside each training period, docs/risk-model.md), got "${v}"`);
}

/**
 * The machine-readable result: the documented `{"splits":[…],"config":{…},"intake":{…}}` shape
 * (docs/risk-model.md), extras included. `intake` gives, per input file, what the intake did with its
 * records (read = used + repaired + rejected); the issues themselves go to intake-report.json with --out.
 */
export function backtestJson(splits: readonly SplitResult[], config: object, intake?: IntakeReport, extra: { model?: string; pooled?: object } = {}): object {
  return {
    ...extra,
    splits: splits.map((s) => ({
      cutoff: s.cutoff,
      testYears: s.testYears,
      trainEvents: s.trainEvents,
      trainTargetEvents: s.trainTargetEvents,
      testEvents: s.testEvents,
      testEventsAnyDistance: s.testEventsAnyDistance,
      snapToleranceM: s.snapToleranceM,
      model: { ...s.model, calibration: s.model.calibration.deciles },
      level: s.level,
      baselines: s.baselines,
      comparisons: s.comparisons,
      ...(s.regions ? { regions: s.regions } : {}),
      ...(s.fitted ? { fitted: s.fitted } : {}),
    })),
    level: levelSummaries(splits.flatMap((s) => (s.level ? [s.level] : []))),
    config,
    ...(intake ? { intake: { files: intake.files.map(({ file, layer, read, used, repaired, rejected }) => ({ file, layer, read, used, repaired, rejected })) } } : {}),
  };
}

/** --target-types as a list of event types (kept as written, e.g. AICMA TIPO_EVENTO "1"), or an OptionError. */
export function targetTypesFlag(v: string): string[] {
  const types = v.split(",").map((t) => t.trim());
  if (types.some((t) => t === "")) throw new OptionError(`--target-types must list event types separated by commas, e.g. --target-types 1,2; got "${v}"`);
  return types;
}

/** Refuse target types that select no incident: scoring nothing would look like a result. */
function checkTargetTypes(incidents: readonly IncidentRecord[], types: readonly string[] | null): void {
  if (types === null || incidents.some((r) => types.includes(r.eventType ?? ""))) return;
  const present = [...new Set(incidents.flatMap((r) => (r.eventType ? [r.eventType] : [])))].sort();
  if (present.length === 0)
    throw new OptionError(`no incident has an event type, so target types ${types.join(", ")} select nothing: give a field mapping that names eventType (e.g. --mapping data/mappings/colombia-aicma.json) or an eventType property`);
  throw new OptionError(`no incident has event type ${types.join(", ")}; the event types in the input are ${present.join(", ")}`);
}

/**
 * `minerisk backtest`: fit the risk model on the incidents up to each cut-off year, forecast the next
 * --test-years, and score the forecast and the baselines on the target incidents of those years snapped to
 * the roads (analyses/backtest). Inputs go through the shared intake (--mapping, --lenient, --crs,
 * --duplicates as for every command); targets are chosen by event type (--target-types or the config's
 * targetEventTypes). Prints JSON with --json, else a markdown table; --out adds backtest.json, .md, .svg,
 * .png and the intake report.
 */
export function registerBacktest(program: Command, print: (text: string) => void): void {
  addProgressOption(addLevelOptions(addInputOptions(program.command("backtest").description("test the risk model on later incidents: rolling-origin splits, hit rate, PAI, AUC, calibration, against baselines"))))
    .option("--cutoff <years>", "cut-off year(s), comma-separated: fit on incidents up to the end of each")
    .option("--test-years <n>", "years after each cut-off to score")
    .option("--config <file>", "risk-model config JSON (docs/risk-model.md); default: the built-in defaults")
    .option("--target-types <types>", "event types to score and calibrate on, comma-separated, as in the records' eventType (e.g. 1,2: AICMA accidents, with --mapping data/mappings/colombia-aicma.json); overrides the config's targetEventTypes")
    .option("--snap-tolerance <m>", "a test incident counts when within this distance of a road, metres (default: the config's roadBandM)")
    .option("--regions <k>", "also score k west-to-east bands of equal road length separately")
    .option("--seed <n>", "seed of the random baseline", "1")
    .option("--lixel-length <m>", "maximum lixel length, metres", "100")
    .option("--max-lixels <n>", MAX_LIXELS_HELP)
    .option("--max-distance-error <fraction>", MAX_DISTANCE_ERROR_HELP)
    .option("--model <name>", "kernel (v1.1, default) or fitted (ridge Poisson ranking fitted on pseudo-splits inside each training period)", "kernel")
    .option("--covariate <name=file>", "a covariate layer for --model fitted: GeoJSON lines (distance to them) or polygons (inside, distance); repeatable", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--json", "print the JSON result instead of the markdown table")
    .option("--out <dir>", "write backtest.json, backtest.md, backtest.svg, backtest.png and the intake report (intake-report.json, .txt) here")
    .action(
      withVectorFormats(stagedAction(print, (flags: BacktestFlags) => [...inputFilesOf(flags), ...(flags.config ? [flags.config] : [])], (flags: BacktestFlags, print) => {
      if (flags.cutoff === undefined) throw new OptionError("--cutoff is required: one or more years, e.g. --cutoff 2004,2006");
      if (flags.testYears === undefined) throw new OptionError("--test-years is required, e.g. --test-years 2");
      const cutoffs = flags.cutoff.split(",").map((y) => numberFlag(y, "--cutoff"));
      const splits = rollingSplits(cutoffs, numberFlag(flags.testYears, "--test-years"));
      const regions = flags.regions === undefined ? undefined : numberFlag(flags.regions, "--regions");
      const snapToleranceM = flags.snapTolerance === undefined ? undefined : numberFlag(flags.snapTolerance, "--snap-tolerance");
      const seed = numberFlag(flags.seed, "--seed");
      const level = levelOptionsFromFlags(flags);
      const model = modelFlag(flags.model);
      // the shipped study area brings its own covariates (Karabakh: the Line of Contact) unless --covariate names others
      const covariateFiles = flags.covariate.length > 0 || flags.roads !== undefined || model !== "fitted" ? flags.covariate.map(covariateFlag) : defaultStudyArea(flags.area).covariates;
      if (covariateFiles.length > 0 && model !== "fitted") throw new OptionError("--covariate is only used by --model fitted; add --model fitted or drop the covariates");
      const fileConfig = flags.config ? readRiskConfig(flags.config) : defaultRiskConfig();
      const config = flags.targetTypes === undefined ? fileConfig : { ...fileConfig, targetEventTypes: targetTypesFlag(flags.targetTypes) };
      const progress = createProgress({ mode: flags.progress });
      const steps = splits.length + 2;
      const inputs = readInputs(flags, { reportDir: flags.out });
      progress.onProgress("inputs read", 1, steps);
      checkTargetTypes(inputs.incidents, config.targetEventTypes);
      const dataset = buildDataset({ roads: inputs.roads, incidents: inputs.incidents, hazards: inputs.hazards }, { maxDistanceError: maxDistanceErrorFlag(flags.maxDistanceError) });
      const network = splitAtJunctions(dataset.roads, { snapToleranceM: 1 });
      const lixels = lixelize(network.roads, { lixelLengthM: numberFlag(flags.lixelLength, "--lixel-length"), maxLixels: maxLixelsFlag(flags.maxLixels) });
      const { target, predictorWeight } = eventTypeArrays(inputs.incidents, config);
      const data = {
        lixelIndex: buildLixelIndex(lixels),
        incidents: dataset.incidents,
        target,
        predictorWeight,
        areas: buildAreaIndex(dataset.hazards, (h) => isActiveHazard(dataset.hazards.status[h])),
        routes: lixelRoutes(lixels, network.roads),
        lixelRegion: regions === undefined ? undefined : lixelBands(lixels, regions),
        roads: network.roads,
        covariates: covariateFiles.map((c) => readCovariate(c.name, c.file, dataset.crs)),
      };
      assertBacktestInputs(data, splits, (flags.incidents ?? ["the default incidents"]).join(", ")); // exit 2, not null metrics
      const results = splits.map((s, k) => {
        const r = backtestSplit(data, s, { risk: { ...riskOptionsFromConfig(config), ...(level ? { level } : {}) }, snapToleranceM, baselines: { seed }, model, keepForecasts: true });
        progress.onProgress(`split ${k + 1} of ${splits.length} scored`, k + 2, steps);
        return r;
      });
      // hit rate, PAI and AUC pooled over the splits with a split-stratified paired bootstrap (pooled-comparison.ts)
      const scored = results.filter((r) => r.testEvents > 0);
      const pooled = scored.length > 0 ? pooledComparison(scored.map((r) => ({ lengthM: lixels.lengthM, ...(r.forecasts as NonNullable<SplitResult["forecasts"]>) })), { seed }) : undefined;
      const json = `${JSON.stringify(backtestJson(results, config, inputs.report, { model, pooled }), (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
      const table = backtestMarkdown(results) + (pooled && results.length > 1 ? `\n${pooledMarkdown(pooled, scored.length)}` : "");
      if (flags.out !== undefined) {
        const svg = backtestChartSvg(results);
        writeFileAtomic(`${flags.out}/backtest.json`, json, inputs.files);
        writeFileAtomic(`${flags.out}/backtest.md`, table, inputs.files);
        writeFileAtomic(`${flags.out}/backtest.svg`, svg, inputs.files);
        writeFileAtomic(`${flags.out}/backtest.png`, svgToPng(svg), inputs.files);
        const differences = differenceChartSvg(results);
        writeFileAtomic(`${flags.out}/backtest-differences.svg`, differences, inputs.files);
        writeFileAtomic(`${flags.out}/backtest-differences.png`, svgToPng(differences), inputs.files);
      }
      progress.onProgress("written", steps, steps);
      progress.stop();
      print(flags.json ? json : table);
      })),
    );
}
