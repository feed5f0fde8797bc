/**
 * Worker side of polylineProximityParallel: takes chunks of polylines from the shared counter and writes
 * their proximity into the shared result arrays, by the same code the calling thread runs.
 */
import { parentPort, workerData } from "node:worker_threads";
import { buildPointIndex } from "../../spatial/point-index.ts";
import { type SharedJob, takeChunks } from "./polyline-proximity-parallel.ts";

takeChunks(workerData as SharedJob, buildPointIndex((workerData as SharedJob).px, (workerData as SharedJob).py));
parentPort!.postMessage("done");
