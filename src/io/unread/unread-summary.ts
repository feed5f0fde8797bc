import type { IntakeReport, Layer } from "../intake/types.ts";

/** Names a run's summary shows per file; the intake report lists up to MAX_LISTED_UNREAD. */
export const SUMMARY_UNREAD_NAMES = 5;

/** One file's unread properties as the run summary carries them (summary.json `unreadFields`). */
export interface UnreadFieldsNote {
  file: string;
  layer: Layer;
  /** The first SUMMARY_UNREAD_NAMES names, most records first. */
  names: { name: string; records: number }[];
  /** How many names went unread (a lower bound when `totalIsLowerBound`). */
  total: number;
  totalIsLowerBound: boolean;
  /**
   * An unread casualty total (casualties, victims, …) of a file from which no killed or injured value was
   * read: its records count no casualty. Null otherwise (no such column, or killed/injured were given too).
   */
  casualtyTotal: { name: string; records: number; hint: string } | null;
}

/** The unread-field notes of a run's intake report, files in the order given; empty when every value was read. */
export function unreadFieldNotes(report: IntakeReport): UnreadFieldsNote[] {
  const out: UnreadFieldsNote[] = [];
  for (const f of report.files) {
    const u = f.unreadFields;
    if (!u) continue;
    const total = u.listed.find((x) => x.hint?.kind === "casualty-total");
    out.push({
      file: f.file,
      layer: f.layer,
      names: u.listed.slice(0, SUMMARY_UNREAD_NAMES).map((x) => ({ name: x.name, records: x.records })),
      total: u.listed.length + u.more,
      totalIsLowerBound: u.moreIsLowerBound,
      casualtyTotal: total && u.casualtyCountRecords === 0 ? { name: total.name, records: total.records, hint: total.hint?.message ?? "" } : null,
    });
  }
  return out;
}
