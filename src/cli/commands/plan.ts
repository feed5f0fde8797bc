import type { Command } from "commander";
import { OptionError } from "../../core/errors.ts";
import { readOfficialTotals } from "../../io/read/read-official-totals.ts";
import { writeRunPlan } from "../../pipeline/tiles/run-steps.ts";
import { enqueueTiles } from "../../pipeline/tiles/tile-queue.ts";
import { numberFlag } from "../flags.ts";
import { runCredits } from "../credits.ts";
import type { IntakeReport } from "../../io/intake/types.ts";
import { unreadFieldNotes } from "../../io/unread/unread-summary.ts";
import { casualtyTotalLines } from "../../render/unread-text.ts";
import { addInputOptions, type InputFlags, readInputs } from "../inputs.ts";
import { addModelOptions, type ModelFlags, modelOptions, withEventTypes } from "../model-options.ts";

/** What the CLI's plan hands to its merge. */
export interface PlanExtra {
  intake: IntakeReport;
  attribution: string;
  files: string[];
}

interface PlanFlags extends InputFlags, ModelFlags {
  dir: string;
  tiles: string;
  redis?: string;
  queue: string;
  officialTotals?: string;
  completeness?: string;
}

/**
 * `minerisk plan`: read and validate the inputs as `analyze` does, cut the roads into tiles and write the
 * plan into a shared folder (pipeline/tiles/run-folder.ts); with --redis, enqueue every unfinished tile on
 * BullMQ for `minerisk worker`s. Planning again over a folder whose tiles are finished enqueues none of them.
 */
export function registerPlan(program: Command, print: (text: string) => void): void {
  addModelOptions(addInputOptions(program.command("plan").description("write a tiled run's plan (tiles, inputs, hashes) into a shared folder and enqueue its tiles (docs/scaling.md)")))
    .requiredOption("--dir <folder>", "shared folder every worker and the merge see at the same path")
    .option("--tiles <n>", "tiles: a square number (1, 4, 9, 16, …)", "16")
    .option("--redis <url>", "Redis of the job queue, e.g. redis://10.0.0.5:6379 (without it the plan is written and nothing is enqueued)")
    .option("--queue <name>", "BullMQ queue name", "minerisk-tiles")
    .option("--official-totals <file>", "CSV of official victim totals, as for analyze")
    .option("--completeness <share>", 'scale the rates to stand for all incidents: a share in (0, 1], or "auto", as for analyze')
    .action(async (flags: PlanFlags) => {
      const tiles = numberFlag(flags.tiles, "--tiles");
      // A tile is not yet checked against a memory budget (only --max-lixels), so the flag would do nothing here.
      if (flags.maxMemory !== undefined) throw new OptionError("--max-memory is not checked by a tiled run yet (each tile is bounded by --max-lixels); leave it out of `minerisk plan` (docs/reliability.md)");
      const model = modelOptions(flags);
      const completeness = flags.completeness === undefined ? undefined : flags.completeness === "auto" ? ("auto" as const) : numberFlag(flags.completeness, "--completeness");
      if (typeof completeness === "number" && !(completeness > 0 && completeness <= 1)) throw new OptionError(`--completeness must be a share in (0, 1] or "auto", got "${flags.completeness}"`);
      const inputs = readInputs(flags);
      for (const w of casualtyTotalLines(unreadFieldNotes(inputs.report))) process.stderr.write(`minerisk: ${w}\n`); // as analyze: said before the tiles run
      const { roads, incidents, hazards } = inputs;
      const officialTotals = flags.officialTotals === undefined ? undefined : readOfficialTotals(flags.officialTotals);
      const options = withEventTypes(model, incidents);
      // the merge writes the intake report and the credit line as analyze does: they travel in the plan
      const extra: PlanExtra = { intake: inputs.report, attribution: runCredits(inputs, { given: flags.attribution }), files: [...inputs.files, ...(flags.officialTotals ? [flags.officialTotals] : [])] };
      const plan = writeRunPlan(flags.dir, { roads, incidents, hazards }, { ...options, officialTotals, completeness, tiles }, extra);
      print(`minerisk plan: ${plan.tiles.length} tiles (${plan.grid.cols} × ${plan.grid.rows} grid, empty cells left out) written to ${flags.dir}, run ${plan.runId.slice(0, 12)}\n`);
      if (flags.redis !== undefined) {
        const queued = await enqueueTiles(flags.dir, { redis: flags.redis, queue: flags.queue });
        print(`minerisk plan: ${queued.length} unfinished tile(s) enqueued on ${flags.queue} (${plan.tiles.length - queued.length} already finished)\n`);
      }
    });
}
