import { INFORMED_BASELINES } from "../../analyses/backtest/baselines.ts";
import type { SplitResult } from "../../analyses/backtest/run-backtest.ts";

const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
/** One colour per informed baseline, as in the bar chart (render/charts/backtest-chart.ts). */
const COLOURS: Record<string, string> = { "nearest past incident": "#2980b9", "planar KDE": "#27ae60", "count within 1 km": "#8e44ad" };
const SHOWN = INFORMED_BASELINES;

/**
 * A forest plot (plain SVG) of model − baseline per split, against the three informed baselines: the
 * difference in PAI at 10 % (left) and in ROC-AUC (right), each a dot with its 95 % paired-bootstrap
 * interval (analyses/backtest/paired-difference.ts), and a line at 0. An interval that crosses 0 means the
 * split cannot tell the two forecasts apart. Splits without comparisons (bootstrap: false) draw no rows.
 */
export function differenceChartSvg(splits: readonly SplitResult[], title = "Model − baseline, with 95 % intervals"): string {
  const rows = splits.flatMap((s) => SHOWN.filter((n) => s.comparisons?.[n]).map((name) => ({ cutoff: s.cutoff, name, d: s.comparisons[name] })));
  const rowH = 14;
  const top = 60;
  const labelW = 70;
  const panelW = 380;
  const gap = 40;
  const height = top + rows.length * rowH + 60;
  const extent = (key: "pai" | "auc") => {
    let m = 0;
    for (const r of rows) for (const v of [r.d[key].low, r.d[key].high]) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
    return m > 0 ? m * 1.1 : 1;
  };
  const panel = (x0: number, key: "pai" | "auc", label: string, digits: number) => {
    const m = extent(key);
    const x = (v: number) => x0 + ((v + m) / (2 * m)) * panelW;
    const bottom = top + rows.length * rowH;
    const parts = [
      `<text x="${x0}" y="${top - 24}" font-size="12" font-weight="bold">${esc(label)}</text>`,
      `<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="${top - 6}" y2="${bottom}" stroke="#555"/>`,
    ];
    for (const v of [-m / 1.1, 0, m / 1.1]) parts.push(`<text x="${x(v).toFixed(1)}" y="${bottom + 14}" font-size="10" text-anchor="middle">${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v).toFixed(digits)}</text>`);
    rows.forEach((r, k) => {
      const y = top + k * rowH + rowH / 2;
      const d = r.d[key];
      if (k > 0 && rows[k - 1].cutoff !== r.cutoff) parts.push(`<line x1="${x0}" x2="${x0 + panelW}" y1="${(y - rowH / 2).toFixed(1)}" y2="${(y - rowH / 2).toFixed(1)}" stroke="#eee"/>`);
      if (!Number.isFinite(d.diff)) return;
      parts.push(`<line x1="${x(d.low).toFixed(1)}" x2="${x(d.high).toFixed(1)}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${COLOURS[r.name]}" stroke-width="2"/>`);
      parts.push(`<circle cx="${x(d.diff).toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${COLOURS[r.name]}"/>`);
    });
    return parts.join("");
  };
  const labels = rows.map((r, k) => (k === 0 || rows[k - 1].cutoff !== r.cutoff ? `<text x="10" y="${(top + k * rowH + rowH).toFixed(1)}" font-size="11">${r.cutoff}</text>` : "")).join("");
  const x1 = labelW;
  const x2 = labelW + panelW + gap;
  const width = x2 + panelW + 20;
  const legendY = height - 22;
  const legend = SHOWN.map((n, k) => `<rect x="${x1 + k * 190}" y="${legendY}" width="10" height="10" fill="${COLOURS[n]}"/><text x="${x1 + k * 190 + 14}" y="${legendY + 9}" font-size="11">model − ${esc(n)}</text>`).join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="10" y="${top - 24}" font-size="11">cut-off</text>`,
    labels,
    panel(x1, "pai", "PAI at 10 % of road length: model − baseline", 1),
    panel(x2, "auc", "ROC-AUC: model − baseline", 2),
    legend,
    `</svg>`,
  ].join("\n");
}
