import type { IntakeReport } from "./types.ts";

/** What a layer reader returns: the records to analyse and the intake report of every file read. */
export interface Intake<T> {
  records: T[];
  report: IntakeReport;
}
