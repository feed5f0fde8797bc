import { describe, expect, it } from "vitest";
import { roundSignificant6 } from "../../src/core/significant.ts";
import { seededRandom } from "../../src/core/random.ts";
import { writeNumberText } from "../../src/io/typed/number-text.ts";
import { typedCsvBytes, typedCsvLines } from "../../src/io/typed/typed-text.ts";
import { typedLayer } from "../../src/io/write/typed-layer.ts";

const out = new Uint8Array(64);
const text = (x: number) => Buffer.from(out.subarray(0, writeNumberText(out, 0, x))).toString("latin1");

describe("writeNumberText", () => {
  it("writes String(x) for the edge cases", () => {
    const cases = [0, -0, 1, -1, 0.1, 0.2 + 0.1, 1e-7, 1.5e-7, 1e-6, 0.000001234, 1e21, 1e20, 123456789012345680000, 2 ** 53, 2 ** 53 - 1, 2 ** 53 + 2, 5e-324, 1.7976931348623157e308, NaN, Infinity, -Infinity, 0.001, 0.5, 100, 1234.5, 999999.9999999999, 1e15, 1e15 + 0.5, 123456789.123, 4.35, 9.999999999999999e22, 1e-22, 1e-23, 3e22, 9999999.5, 9999999.4, 99999995, 0.99999995, 0.9999999, 1234567.8, 12345678.9, 0.12345675, 2147483647.5, 2147483648.25, 4294967295.125];
    for (let p = -30; p <= 30; p++) for (const m of [1, 1.5, 9.87654, 1 - 1e-16, 1 + 2e-16, 3.14159265358979]) cases.push(m * 10 ** p, -m * 10 ** p);
    for (const x of cases) expect(text(x), `${x}`).toBe(String(x));
  });

  it("writes String(x) for 1,500,000 seeded values: raw doubles, 3-decimal and 6-digit roundings, integers", () => {
    const rand = seededRandom(61);
    let bad = 0;
    for (let i = 0; i < 300_000; i++) {
      const raw = (rand() - 0.4) * 10 ** Math.floor(rand() * 44 - 22);
      const r3 = Math.round(rand() * 10 ** Math.floor(rand() * 9) * 1000) / 1000;
      const s6 = roundSignificant6(raw);
      const int = Math.floor((rand() - 0.5) * 10 ** Math.floor(rand() * 16));
      const short = Number((rand() * 100).toFixed(Math.floor(rand() * 8)));
      for (const x of [raw, r3, s6, int, short]) if (text(x) !== String(x)) bad++;
    }
    expect(bad).toBe(0);
  });
});

describe("typedCsvBytes", () => {
  it("is the UTF-8 of typedCsvLines, byte for byte, across block ends", () => {
    const rand = seededRandom(5);
    const n = 60_000;
    const rates = Float64Array.from({ length: n }, () => roundSignificant6(rand() ** 6 * 3));
    const names = ["Ağdam–Füzuli", null, 'say "hi", then go', "=cmd", "plain"];
    const layer = typedLayer(
      n,
      [
        { name: "lixel", value: (i) => i },
        { name: "rate", value: (i) => rates[i] },
        { name: "odd", value: (i) => (i % 7 === 0 ? NaN : i % 11 === 0 ? -0 : Math.round(rand() * 1e6) / 1000) },
        { name: "name", value: (i) => names[i % names.length] },
        { name: "mixed", value: (i) => (i % 3 === 0 ? true : i % 3 === 1 ? { a: [1, NaN] } : undefined) },
      ],
      "LineString",
      new Float64Array(0),
      new Float64Array(n + 1),
    );
    const bytes = Buffer.concat(Array.from(typedCsvBytes(layer, ["odd"])));
    const lines = Buffer.from(Array.from(typedCsvLines(layer, ["odd"])).join(""), "utf8");
    expect(bytes.length).toBeGreaterThan(2 << 20);
    expect(bytes.equals(lines)).toBe(true);
    const all = Buffer.concat(Array.from(typedCsvBytes(layer)));
    expect(all.equals(Buffer.from(Array.from(typedCsvLines(layer)).join(""), "utf8"))).toBe(true);
  });

  it("holds a cell longer than a block, and the texts' longest, byte for byte", () => {
    const n = 3_000;
    const long = "ä".repeat(700_000);
    const layer = typedLayer(
      n,
      [
        { name: "rate", value: (i) => i / 3 },
        { name: "blob", value: (i) => (i === 1_500 ? { text: long } : i % 2 === 0 ? [i] : null) },
        { name: "name", value: (i) => (i % 1_000 === 1 ? long.slice(0, 400_000) : "short") },
      ],
      "LineString",
      new Float64Array(0),
      new Float64Array(n + 1),
    );
    const bytes = Buffer.concat(Array.from(typedCsvBytes(layer)));
    expect(bytes.length).toBeGreaterThan(3 << 20);
    expect(bytes.equals(Buffer.from(Array.from(typedCsvLines(layer)).join(""), "utf8"))).toBe(true);
  });
});
