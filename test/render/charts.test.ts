import { describe, expect, it } from "vitest";
import { niceTicks, riskProfileSvg, tradeoffSvg } from "../../src/render/charts/charts.ts";
import { svgToPng } from "../../src/render/png.ts";

const profile = [
  { fromKm: 0, toKm: 0.25, ratePerKmYear: 0, riskClass: "none recorded" },
  { fromKm: 0.25, toKm: 0.75, ratePerKmYear: 0.01, riskClass: "low" },
  { fromKm: 0.75, toKm: 1.25, ratePerKmYear: 0.2, riskClass: "very high" },
  { fromKm: 1.25, toKm: 2.25, ratePerKmYear: 0.05, riskClass: "high" },
];

describe("riskProfileSvg", () => {
  const svg = riskProfileSvg(profile, { title: 'Shusha <script>alert("x")</script> & Fuzuli', note: "schematic 'Victory Road'" });

  it("draws one bar per step with a positive rate, in its class colour", () => {
    // 3 positive steps; the 0-rate step draws nothing. x axis: it ends at the route's 2.25 km, ticks 0, 0.5,
    // …, 2 km (step 0.5 ≥ 2.25/5) and 2.25 itself (11 % past the last tick). y axis: 0 … 0.2 in steps of
    // 0.05 (0.04 → 0.05). Plot width 800 − 70 − 20 = 710 px over 2.25 km.
    const bars = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" fill="(#[0-9a-f]{6})"\/>/g)];
    const plotted = bars.filter((b) => Number(b[4]) !== 10); // legend swatches are 10 px high
    expect(plotted.map((b) => b[5])).toEqual(["#fee08b", "#a50026", "#f46d43"]);
    // the 0.2 bar spans the whole plot height (220 px) and starts at 70 + 0.75/2.25 × 710 = 306.67 px
    expect(Number(plotted[1][1])).toBe(306.67);
    expect(Number(plotted[1][4])).toBe(220);
    expect(Number(plotted[1][3])).toBeCloseTo((0.5 / 2.25) * 710, 2);
    // the last step ends on the axis' end, labelled with the route's length; no tick past it
    const last = plotted[plotted.length - 1];
    expect(Number(last[1]) + Number(last[3])).toBeCloseTo(70 + 710, 1);
    const xLabels = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" font-size="11" text-anchor="middle">([\d.]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(xLabels).toEqual([0, 0.5, 1, 1.5, 2, 2.25]);
  });

  it("escapes every text it shows", () => {
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("Shusha &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Fuzuli");
    expect(svg).toContain("schematic &#39;Victory Road&#39;");
  });

  it("is deterministic and renders to PNG", () => {
    expect(riskProfileSvg(profile, { title: "a" })).toBe(riskProfileSvg(profile, { title: "a" }));
    const png = svgToPng(svg);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(png.length).toBeGreaterThan(2000);
  });
});

describe("tradeoffSvg", () => {
  it("joins the routes in λ order and labels each with its λ", () => {
    const svg = tradeoffSvg([
      { lambda: 0, lengthM: 1000, expectedIncidentsPerYear: 0.2 },
      { lambda: 400 / 130, lengthM: 1400, expectedIncidentsPerYear: 0.07 },
      { lambda: 800 / 70, lengthM: 2200, expectedIncidentsPerYear: 0 },
    ]);
    expect(svg.match(/<circle /g)?.length).toBe(3);
    expect(svg).toContain("λ ≥ 0<");
    expect(svg).toContain("λ ≥ 3.077<");
    expect(svg).toContain("λ ≥ 11.43<");
    const line = /<polyline points="([^"]+)"/.exec(svg)?.[1].split(" ") ?? [];
    expect(line.length).toBe(3);
    const ys = line.map((p) => Number(p.split(",")[1]));
    expect(ys[0]).toBeLessThan(ys[1]); // riskier is higher on the page (smaller y)
    expect(ys[1]).toBeLessThan(ys[2]);
    expect(svgToPng(svg).length).toBeGreaterThan(1000);
  });
});

describe("niceTicks", () => {
  it("steps 1, 2 or 5 × 10ⁿ from min to at least max", () => {
    expect(niceTicks(2.25)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(0.2)).toEqual([0, 0.05, 0.1, 0.15, 0.2]);
    expect(niceTicks(2.42, 0.88)).toEqual([0.5, 1, 1.5, 2, 2.5]); // span 1.54 / 5 = 0.308 → step 0.5
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
