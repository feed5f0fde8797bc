/**
 * Worker side of the tile pool (tile-pool.ts): piscina calls the default export with one tile's task in a
 * worker thread and posts the TilePart back (typed arrays by structured clone).
 */
import { type TileInput, type TilePart, type TileRunOptions, runTile } from "./tile-run.ts";

export interface TileTask {
  input: TileInput;
  options: TileRunOptions;
}

export default function runTileTask(task: TileTask): TilePart {
  return runTile(task.input, task.options);
}
