import type { PooledComparison } from "../../analyses/backtest/pooled-comparison.ts";

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : "–");
const ci = (d: { diff: number; low: number; high: number }) => `${f3(d.diff)} [${f3(d.low)}, ${f3(d.high)}]`;

/**
 * The pooled comparison (analyses/backtest/pooled-comparison.ts) as markdown: hit rate at 1/5/10/20 % of road
 * length, PAI10 and mean AUC for the model and each baseline, then model − baseline with 95 % intervals.
 */
export function pooledMarkdown(p: PooledComparison, splits: number): string {
  const pct = p.coverages.map((c) => `hit@${c * 100} %`);
  return [
    `Pooled over ${splits} split${splits === 1 ? "" : "s"} (${p.events} test events; hit rate = Σ events caught / Σ events; AUC = mean of the splits'):`,
    "",
    `| forecast | ${pct.join(" | ")} | PAI10 | AUC |`,
    `|---|${p.coverages.map(() => "---:").join("|")}|---:|---:|`,
    ...[["model", p.model] as const, ...Object.entries(p.baselines)].map(([n, s]) => `| ${n} | ${s.hit.map(f3).join(" | ")} | ${s.pai[p.coverages.indexOf(0.1)]?.toFixed(2) ?? "–"} | ${f3(s.auc)} |`),
    "",
    `| model − baseline [95 % paired bootstrap] | ${pct.join(" | ")} | AUC |`,
    `|---|${p.coverages.map(() => "---").join("|")}|---|`,
    ...Object.entries(p.differences).map(([n, d]) => `| ${n} | ${d.hit.map(ci).join(" | ")} | ${ci(d.auc)} |`),
    "",
  ].join("\n");
}
