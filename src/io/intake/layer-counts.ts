import type { IntakeReport, Layer } from "./types.ts";

/** The short reason the summary gives for a rejecting code (the intake report has the full message). */
const REASONS: Record<string, string> = {
  "missing-status": "no status field (give --mapping)",
  "invalid-status": "status value not recognised (map it with --mapping)",
  "self-intersection": "polygon could not be made valid",
  "ring-too-short": "ring with fewer than 3 distinct positions",
  "duplicate-hazard": "duplicate merged (--duplicates merge)",
  "possible-duplicate-hazard": "near-duplicate merged (--duplicates merge)",
};

/** How many records of a layer were given, used and rejected, with the rejected grouped by reason. */
export interface LayerCounts {
  given: number;
  used: number;
  rejected: number;
  /** Rejected records by the first code that rejected each, most frequent first (ties by code). */
  rejectedBy: { code: string; reason: string; count: number }[];
}

/**
 * Count one layer of an intake report: records read across its files, how many were used or repaired
 * ("used" here), how many rejected and why (each rejected record counted once, under its first
 * rejecting issue). A file that could not be read counts 0 given.
 */
export function layerCounts(report: IntakeReport, layer: Layer): LayerCounts {
  const files = report.files.filter((f) => f.layer === layer);
  const by = new Map<string, number>();
  let given = 0;
  let rejected = 0;
  for (const f of files) {
    given += f.read;
    rejected += f.rejected;
    const seen = new Set<number>();
    for (const i of f.issues) {
      if (i.record === undefined || i.action !== "rejected" || seen.has(i.record)) continue;
      seen.add(i.record);
      by.set(i.code, (by.get(i.code) ?? 0) + 1);
    }
  }
  const rejectedBy = [...by.entries()]
    .map(([code, count]) => ({ code, reason: REASONS[code] ?? code, count }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  return { given, used: given - rejected, rejected, rejectedBy };
}

/**
 * The summary's text for a layer's count, e.g. "0 (none given)", "120" or
 * "11,068 given, 11,068 rejected: no status field (give --mapping)".
 */
export function layerCountText(c: LayerCounts, used: number): string {
  const n = (v: number) => v.toLocaleString("en-US");
  if (c.given === 0) return "0 (none given)";
  if (c.rejected === 0) return n(used);
  const why = c.rejectedBy.map((r) => (c.rejectedBy.length === 1 ? r.reason : `${n(r.count)} ${r.reason}`)).join("; ");
  return `${n(c.given)} given, ${n(c.rejected)} rejected: ${why}${used > 0 ? `; ${n(used)} used` : ""}`;
}
