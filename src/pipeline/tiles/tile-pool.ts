import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { OptionError } from "../../core/errors.ts";
import { type TiledInput, type TiledOptions, planTiledRun, tileOptions } from "./analyze-tiled.ts";
import { type TiledAnalysis, mergeTiles } from "./merge/merge-tiles.ts";
import { type TilePart, tileInputOf } from "./tile-run.ts";
import type { TileTask } from "./tile-worker.ts";

/** The compiled worker beside this module (dist/); absent when running from the TypeScript sources. */
const WORKER = new URL("./tile-worker.js", import.meta.url);

export interface TilePoolOptions {
  /** Worker threads. Default: the machine's available parallelism, at most 8. */
  threads?: number;
  /** Told when each tile is done, with how many of how many. */
  onTile?: (tile: number, done: number, total: number) => void;
}

/**
 * analyzeTiled with the tiles run on a worker-thread pool (piscina, the well-kept pool of the Node
 * ecosystem: a queue over a fixed set of threads; a thread that dies fails its task and so the run) on one machine. Each task carries
 * its tile's roads and all incidents and hazards, and returns the TilePart; the merge runs here, so the
 * result is the same bytes as analyze's and analyzeTiled's (test/pipeline/tiles/tile-pool.test.ts). Runs
 * the compiled worker (dist/): from the TypeScript sources, build first.
 */
export async function analyzeTiledPool(input: TiledInput, options: TiledOptions = {}, pool: TilePoolOptions = {}): Promise<TiledAnalysis> {
  if (!existsSync(fileURLToPath(WORKER))) throw new OptionError(`the tile pool needs the compiled worker ${fileURLToPath(WORKER)}: run npm run build and use dist/`);
  const threads = pool.threads ?? Math.min(8, availableParallelism());
  if (!(Number.isInteger(threads) && threads >= 1)) throw new OptionError(`threads must be a whole number >= 1, got ${threads}`);
  const { plan, dataset } = planTiledRun(input, options);
  const piscina = new Piscina<TileTask, TilePart>({ filename: WORKER.href, minThreads: Math.min(threads, plan.tiles.length), maxThreads: threads });
  // the cores are shared out among the pool's threads: each tile's wide kernel sums run on
  // cores ÷ threads of them (kernel-tree-parallel.ts), not on every core from every thread at once
  const runOptions = tileOptions(options);
  const perTile = { ...runOptions, risk: { ...runOptions.risk, threads: Math.max(1, Math.floor(Math.min(8, availableParallelism()) / threads)) } };
  let done = 0;
  try {
    const parts = await Promise.all(
      plan.tiles.map(async (spec) => {
        const part = await piscina.run({ input: tileInputOf(dataset, spec), options: perTile });
        pool.onTile?.(spec.id, ++done, plan.tiles.length);
        return part;
      }),
    );
    return mergeTiles(input, plan, parts, options, dataset);
  } finally {
    await piscina.destroy();
  }
}
