import { describe, expect, it } from "vitest";
import type { SplitResult } from "../../src/analyses/backtest/run-backtest.ts";
import { differenceChartSvg } from "../../src/render/charts/difference-chart.ts";
import { svgToPng } from "../../src/render/png.ts";

const ci = (diff: number, low: number, high: number) => ({ diff, low, high });
/** Two splits with hand-set comparisons; only what the chart reads is filled in. */
const split = (cutoff: number, pai: [number, number, number], auc: [number, number, number]) =>
  ({
    cutoff,
    comparisons: {
      random: { pai: ci(5, 4, 6), auc: ci(0.4, 0.3, 0.5), eventsOnlyA: 0, eventsOnlyB: 0 },
      "nearest past incident": { pai: ci(...pai), auc: ci(...auc), eventsOnlyA: 0, eventsOnlyB: 0 },
      "planar KDE": { pai: ci(0, -0.1, 0.1), auc: ci(0.01, 0, 0.02), eventsOnlyA: 0, eventsOnlyB: 0 },
      "count within 1 km": { pai: ci(0.1, -0.2, 0.4), auc: ci(0.02, 0.01, 0.03), eventsOnlyA: 0, eventsOnlyB: 0 },
    },
  }) as unknown as SplitResult;

describe("differenceChartSvg", () => {
  const svg = differenceChartSvg([split(2004, [-0.5, -1, 0], [0.02, -0.01, 0.05]), split(2006, [1, 0.5, 1.5], [0.05, 0.02, 0.08])]);

  it("draws one dot and one interval per split, informed baseline and metric — not road length or random", () => {
    expect([...svg.matchAll(/<circle /g)]).toHaveLength(2 * 3 * 2);
    expect(svg).not.toContain("model − random");
    expect(svg).toContain("model − nearest past incident");
  });

  it("places each dot and interval on a scale symmetric about the zero line", () => {
    // PAI panel: x0 = 70, width 380, half-range m = 1.5 × 1.1 = 1.65 → x(v) = 70 + (v + 1.65) / 3.3 × 380
    const x = (v: number) => 70 + ((v + 1.65) / 3.3) * 380;
    const zero = svg.match(/<line x1="([\d.]+)" x2="\1" y1="54" /);
    expect(Number(zero?.[1])).toBeCloseTo(x(0), 1);
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="3" fill="#2980b9"\/>/g)].map((c) => Number(c[1]));
    expect(circles[0]).toBeCloseTo(x(-0.5), 1); // 2004, PAI, nearest past incident
    expect(svg).toContain(`<line x1="${x(0.5).toFixed(1)}" x2="${x(1.5).toFixed(1)}"`); // 2006 interval
  });

  it("renders to PNG", () => {
    expect(svgToPng(svg).subarray(1, 4).toString()).toBe("PNG");
  });

  it("draws nothing for splits without comparisons", () => {
    expect(differenceChartSvg([{ cutoff: 2004, comparisons: {} } as unknown as SplitResult])).not.toContain("<circle");
  });
});
