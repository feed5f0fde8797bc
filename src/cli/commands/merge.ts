import type { Command } from "commander";
import { OptionError } from "../../core/errors.ts";
import { join } from "node:path";
import { mergeRunBounded, runStatus } from "../../pipeline/tiles/run-steps.ts";
import { writeOutputs } from "../../pipeline/write-outputs.ts";
import { LAYER_FORMATS, type LayerFormat } from "../../io/write/write-layer.ts";
import { summaryText } from "../../render/summary-text.ts";
import { summarize } from "../../pipeline/summary.ts";
import { numberFlag } from "../flags.ts";
import { BIG_RUN_LIXELS } from "./analyze.ts";
import { writeIntakeReport } from "../inputs.ts";
import { stagedAction } from "../staged-action.ts";
import type { PlanExtra } from "./plan.ts";

interface MergeFlags {
  dir: string;
  out: string;
  formats?: string;
  waitS?: string;
  quiet?: boolean;
}

/**
 * `minerisk merge`: check every tile's output by hash, merge them into the whole run's result and write
 * the outputs as `analyze` writes them (layers, summary, report, map; no route). With --wait-s, wait up to
 * that long for the tiles first. A failed tile fails the merge naming the tile and the record (exit 2).
 */
export function registerMerge(program: Command, print: (text: string) => void): void {
  program
    .command("merge")
    .description("merge a tiled run's finished tiles into the outputs analyze writes (docs/scaling.md)")
    .requiredOption("--dir <folder>", "the run's shared folder")
    .option("--out <dir>", "output folder", "out")
    .option("--formats <list>", `layer formats, comma-separated: ${LAYER_FORMATS.filter((f) => f !== "parquet").join(", ")} (default as analyze: geojson,fgb,csv, the lixels without GeoJSON over ${BIG_RUN_LIXELS.toLocaleString("en")} lixels; not parquet: the lixels come a bucket at a time)`)
    .option("--wait-s <seconds>", "wait up to this long for unfinished tiles (a failed tile ends the wait)")
    .option("--quiet", "no text summary")
    .action(async (flags: MergeFlags) => {
      const formats = (flags.formats ?? "geojson,fgb,csv").split(",").map((f) => f.trim());
      const unknown = formats.filter((f) => !(LAYER_FORMATS as readonly string[]).includes(f));
      if (unknown.length) throw new OptionError(`--formats: unknown ${unknown.join(", ")}; choose from ${LAYER_FORMATS.join(", ")}`);
      // the merge writes the lixels a bucket at a time (docs/scaling.md "The bounded merge"); GeoParquet is written from whole columns
      if (formats.includes("parquet")) throw new OptionError("--formats parquet: a tiled merge writes the lixels a bucket at a time and GeoParquet is written from whole columns, so merge does not write it; choose geojson, fgb, geojsonseq or csv (or run analyze on one machine for GeoParquet)");
      const until = Date.now() + (flags.waitS === undefined ? 0 : numberFlag(flags.waitS, "--wait-s") * 1000);
      // looks without hashing (every part on every look, 4 times a second); the merge checks each by hash
      const look = () => runStatus(flags.dir, { hash: false });
      for (let s = look(); s.pending.length > 0 && s.failed.length === 0 && Date.now() < until; s = look()) {
        await new Promise((r) => setTimeout(r, 250));
      }
      // the --out folder gets the run whole or not at all, as analyze's (cli/staged-action.ts)
      stagedAction(print, () => [], (f: MergeFlags, out, shownOut) => {
        // bounded (docs/scaling.md "The bounded merge"): the lixels a bucket at a time, spooled in the run folder
        const merged = mergeRunBounded(f.dir, { bucketLixels: bucketLixels(), spoolDir: join(f.dir, `merge-spool-${process.pid}`) });
        try {
          const { result, lixelLayer, extra } = merged;
          const { intake, attribution, files } = extra as PlanExtra;
          writeIntakeReport(intake, f.out, files);
          const bigRun = f.formats === undefined && result.lixels.count > BIG_RUN_LIXELS;
          const layerFormats = bigRun ? { lixels: formats.filter((x) => x !== "geojson") as LayerFormat[] } : undefined;
          writeOutputs(result, f.out, files, { formats: formats as LayerFormat[], layerFormats, intake, attribution, lixelLayer });
          if (!f.quiet) out(summaryText(summarize(result, { intake, attribution }), shownOut ?? f.out));
        } finally {
          merged.remove();
        }
      })(flags);
    });
}

/** Lixels per bucket of the bounded merge: MINERISK_MERGE_BUCKET_LIXELS, else 1,000,000 (a bucket and its layer peak near 0.8 GB, and a writer may hold two). */
function bucketLixels(): number {
  const v = process.env.MINERISK_MERGE_BUCKET_LIXELS;
  if (v === undefined || v === "") return 1_000_000;
  const n = Number(v);
  if (!(Number.isInteger(n) && n >= 1)) throw new OptionError(`MINERISK_MERGE_BUCKET_LIXELS must be a whole number ≥ 1, got "${v}"`);
  return n;
}
