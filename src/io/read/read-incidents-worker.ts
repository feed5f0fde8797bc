/**
 * Worker side of readIncidentsAsync (read-incidents-async.ts): reads the incident files with readIncidents
 * and posts the intake back, or the issues of its InputError, the message of an OptionError, or the message
 * of any other failure.
 */
import { parentPort, workerData } from "node:worker_threads";
import { InputError, OptionError } from "../../core/errors.ts";
import type { IncidentIntakeOptions } from "../intake/incident-layer.ts";
import { readIncidents } from "./read-incidents.ts";

const { files, options } = workerData as { files: string[]; options: IncidentIntakeOptions };
try {
  parentPort!.postMessage({ intake: readIncidents(files, options) });
} catch (e) {
  // the two errors the CLI maps to exit code 2 cross as themselves; any other as its message
  if (e instanceof InputError) parentPort!.postMessage({ inputIssues: e.issues });
  else if (e instanceof OptionError) parentPort!.postMessage({ optionError: e.message });
  else parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
