import { INFORMED_BASELINES } from "../../analyses/backtest/baselines.ts";
import { levelMarkdown } from "./level-table.ts";
import type { Scores, SplitResult } from "../../analyses/backtest/run-backtest.ts";

const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
const fmt = (v: number, d: number) => (Number.isFinite(v) ? v.toFixed(d) : "–");
const COLOURS = ["#c0392b", "#7f8c8d", "#bdc3c7", "#2980b9", "#27ae60", "#8e44ad", "#d35400"];

/**
 * The backtest as a markdown table: one row per split and forecast (the model first, then each baseline),
 * with the test events scored, hit rates and length-PAI at 1/5/10/20 % of road length, ROC-AUC per lixel,
 * and, for the model, predicted vs observed test events (by recorded point, and by the calibration's road-share
 * rule, which counts the same thing as the prediction), the predicted total with the 95 % interval from the sampling
 * of the incidents that set its level (not the model's or a trend's error). "✓" marks a split where the model beats every
 * baseline on both PAI at 10 % and AUC.
 */
export function backtestMarkdown(splits: readonly SplitResult[]): string {
  const head = "| cut-off | test years | test events (within tol. / all) | forecast | hit 1 % | hit 5 % | hit 10 % | hit 20 % | PAI 1 % | PAI 10 % | AUC | predicted [95 % level-sampling interval] | observed | observed by road share |";
  const rule = "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  const rows: string[] = [head, rule];
  for (const s of splits) {
    const years = `${s.cutoff + 1}–${s.cutoff + s.testYears}`;
    const wins = Object.values(s.baselines).every((b) => s.model.pai10 > b.pai10 && s.model.auc > b.auc);
    const line = (name: string, m: Scores, extra: string) =>
      `| ${s.cutoff} | ${years} | ${s.testEvents} / ${s.testEventsAnyDistance} | ${name} | ${fmt(m.hit1, 2)} | ${fmt(m.hit5, 2)} | ${fmt(m.hit10, 2)} | ${fmt(m.hit20, 2)} | ${fmt(m.pai1, 1)} | ${fmt(m.pai10, 2)} | ${fmt(m.auc, 3)} | ${extra}`;
    const pi = s.model.predictedInterval;
    const predicted = `${fmt(s.model.predicted, 1)}${pi ? ` [${fmt(pi.low, 1)}, ${fmt(pi.high, 1)}]` : ""}`;
    rows.push(line(`**model**${wins ? " ✓" : ""}`, s.model, `${predicted} | ${s.model.observed} | ${fmt(s.model.observedRoadShare, 1)} |`));
    for (const [name, b] of Object.entries(s.baselines)) rows.push(line(name, b, " | | |"));
  }
  const regions = splits.some((s) => s.regions) ? `\n${regionMarkdown(splits)}` : "";
  const level = levelMarkdown(splits);
  return `${rows.join("\n")}\n\n${level ? `${level}\n` : ""}${comparisonMarkdown(splits)}${regions}`;
}

/**
 * The baseline that scores highest on `metric` among `baselines`, as two table cells: its score, and
 * model − it with the 95 % interval from `comparisons` (or "–" when the bootstrap was off or had no events).
 */
export function versusBestBaseline(baselines: Record<string, Scores>, comparisons: SplitResult["comparisons"], metric: "pai10" | "auc"): string {
  const value = (v: number) => (Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY);
  const entries = Object.entries(baselines);
  if (entries.length === 0) return "– | –";
  const [name, score] = entries.reduce((a, b) => (value(b[1][metric]) > value(a[1][metric]) ? b : a));
  const digits = metric === "pai10" ? 2 : 3;
  const d = comparisons[name]?.[metric === "pai10" ? "pai" : "auc"];
  const interval = d && Number.isFinite(d.low) ? `${sign(d.diff, digits)} [${sign(d.low, digits)}, ${sign(d.high, digits)}]` : "–";
  return `${fmt(score[metric], digits)} (${name}) | ${interval}`;
}

/**
 * Per region (west-to-east bands, `--regions`): the model against the best baseline in that region, on PAI10
 * and AUC, with the paired-bootstrap interval of the difference on the region's lixels.
 */
export function regionMarkdown(splits: readonly SplitResult[]): string {
  const rows = [
    "| cut-off | region (west → east) | test events | model PAI10 | best baseline PAI10 | model − it [95 % CI] | model AUC | best baseline AUC | model − it [95 % CI] |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const s of splits)
    for (const g of s.regions ?? [])
      rows.push(`| ${s.cutoff} | ${g.region + 1} | ${g.testEvents} | ${fmt(g.model.pai10, 2)} | ${versusBestBaseline(g.baselines, g.comparisons, "pai10")} | ${fmt(g.model.auc, 3)} | ${versusBestBaseline(g.baselines, g.comparisons, "auc")} |`);
  return `${rows.join("\n")}\n`;
}

/**
 * Model − baseline per split and baseline: PAI10 and AUC differences with their 95 % bootstrap intervals
 * (analyses/backtest/paired-difference.ts) and the test events only one of the two takes into its top 10 %.
 * "yes" = the interval excludes 0 in the model's favour, "no" = in the baseline's, "—" = cannot tell.
 */
export function comparisonMarkdown(splits: readonly SplitResult[]): string {
  const ci = (d: { diff: number; low: number; high: number }, digits: number) => `${sign(d.diff, digits)} [${sign(d.low, digits)}, ${sign(d.high, digits)}]`;
  const verdict = (d: { low: number; high: number }) => (d.low > 0 ? "yes" : d.high < 0 ? "no" : "—");
  const rows = [
    "| cut-off | baseline | PAI10 model − baseline [95 % CI] | events only model / only baseline | model ahead? | AUC model − baseline [95 % CI] | model ahead? |",
    "|---:|---|---:|---:|:---:|---:|:---:|",
  ];
  for (const s of splits)
    for (const name of INFORMED_BASELINES) {
      const d = s.comparisons[name]; // road length and random: far behind on every split; kept in the JSON
      if (!d) continue;
      rows.push(`| ${s.cutoff} | ${name} | ${ci(d.pai, 2)} | ${fmt(d.eventsOnlyA, 1)} / ${fmt(d.eventsOnlyB, 1)} | ${verdict(d.pai)} | ${ci(d.auc, 3)} | ${verdict(d.auc)} |`);
    }
  return `${rows.join("\n")}\n`;
}

function sign(v: number, digits: number): string {
  return Number.isFinite(v) ? `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(digits)}` : "n/a";
}

/**
 * A two-panel SVG chart (plain SVG, no library): length-PAI at 10 % (left) and ROC-AUC (right) per split,
 * one bar per forecast, the model in red. Sizes in px; fonts DejaVu Sans for the PNG (render/png.ts).
 */
export function backtestChartSvg(splits: readonly SplitResult[], title = "Backtest: model vs baselines"): string {
  const names = ["model", ...Object.keys(splits[0]?.baselines ?? {})];
  const panelW = 460;
  const panelH = 260;
  const left = 50;
  const top = 50;
  const groupW = (panelW - 20) / Math.max(1, splits.length);
  const barW = Math.max(2, (groupW - 8) / names.length);
  const value = (s: SplitResult, k: number, key: "pai10" | "auc") => (k === 0 ? s.model[key] : s.baselines[names[k]][key]);
  const panel = (x0: number, key: "pai10" | "auc", label: string, max: number) => {
    const y = (v: number) => top + panelH - (Math.max(0, Math.min(v, max)) / max) * panelH;
    const parts = [`<text x="${x0}" y="${top - 12}" font-size="13" font-weight="bold">${esc(label)}</text>`];
    for (let t = 0; t <= 4; t++) {
      const v = (max * t) / 4;
      parts.push(`<line x1="${x0}" x2="${x0 + panelW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`);
      parts.push(`<text x="${x0 - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="10" text-anchor="end">${fmt(v, key === "auc" ? 2 : 1)}</text>`);
    }
    splits.forEach((s, g) => {
      const gx = x0 + 10 + g * groupW;
      names.forEach((_, k) => {
        const v = value(s, k, key);
        if (!Number.isFinite(v)) return;
        parts.push(`<rect x="${(gx + k * barW).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(top + panelH - y(v)).toFixed(1)}" fill="${COLOURS[k % COLOURS.length]}"/>`);
      });
      parts.push(`<text x="${(gx + (names.length * barW) / 2).toFixed(1)}" y="${top + panelH + 14}" font-size="10" text-anchor="middle">${s.cutoff}</text>`);
    });
    return parts.join("");
  };
  const width = 2 * panelW + 3 * left;
  const legendY = top + panelH + 40;
  const legend = names.map((n, k) => `<rect x="${left + k * 150}" y="${legendY}" width="10" height="10" fill="${COLOURS[k % COLOURS.length]}"/><text x="${left + k * 150 + 14}" y="${legendY + 9}" font-size="11">${esc(n)}</text>`).join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${legendY + 30}" viewBox="0 0 ${width} ${legendY + 30}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`,
    panel(left, "pai10", "Length-PAI at 10 % of road length (by cut-off year)", 10),
    panel(2 * left + panelW, "auc", "ROC-AUC per lixel (by cut-off year)", 1),
    legend,
    `</svg>`,
  ].join("\n");
}
