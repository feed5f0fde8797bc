/**
 * No call spreads in src/: `Math.max(...a)`, `out.push(...a)`, `f(...a)` pass every element as a call
 * argument and throw "Maximum call stack size exceeded" beyond about 10⁵ elements (Colombia's national
 * run crashed so, on `Math.max(0, ...features.map(…))` over its density cells). Use a loop, or
 * core/math.ts maxOf / minOf. Spreads into array and object literals iterate and are fine.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { maxOf, minOf } from "../src/core/math.ts";
import { findCallSpreads } from "./helpers/call-spreads.ts";

const SRC = resolve(import.meta.dirname, "../src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Call spreads known to be over a fixed, small number of values: `file: line text`. Keep it short. */
const ALLOWED: readonly string[] = [];

describe("call spreads", () => {
  it("finds the call spreads it should and none it should not (hand cases)", () => {
    const src = [
      "const a = Math.max(0, ...values);", // flagged: call spread
      "out.push(...more);", // flagged
      "const m = Math.max.apply(null, values);", // flagged: the same overflow through apply
      "const b = [...values, 1];", // array literal: iterates, fine
      "const o = { ...props, x: 1 };", // object literal: fine
      "function f(...args: number[]) { return args; }", // rest parameter
      "const g = (...xs: number[]) => xs;", // rest parameter of an arrow
      "h(...[x, y]);", // a literal pair written in place
      "// Math.max(...inAComment)",
      'const s = "Math.max(...inAString)";',
      "const t = `${k(...inTemplateCode)} and (...text)`;", // flagged once: the code inside ${}
      "const r = /\\(...\\)/.test(s);", // a regular expression
    ].join("\n");
    expect(findCallSpreads(src).map((s) => s.line)).toEqual([1, 2, 3, 11]);
  });

  it("src/ has none beyond the allowlist", () => {
    const found = files(SRC).flatMap((f) => findCallSpreads(readFileSync(f, "utf8")).map((s) => `${relative(SRC, f)}: ${s.text}`));
    expect(files(SRC).length).toBeGreaterThan(30);
    expect(found.filter((f) => !ALLOWED.includes(f))).toEqual([]);
  });
});

describe("maxOf / minOf, the replacement", () => {
  it("equal Math.max / Math.min with the same start, NaN included", () => {
    expect(maxOf([3, -1, 7], 0)).toBe(7);
    expect(maxOf([-3, -1], 0)).toBe(0); // the start wins, as Math.max(0, -3, -1)
    expect(maxOf([])).toBe(-Infinity); // as Math.max()
    expect(minOf([3, -1, 7])).toBe(-1);
    expect(minOf([], 5)).toBe(5);
    expect(maxOf([1, Number.NaN, 2])).toBeNaN(); // as Math.max(1, NaN, 2)
    expect(minOf(new Float64Array([2, 0.5]))).toBe(0.5); // typed arrays too
  });

  it("take 10⁶ values, where a spread overflows the stack", () => {
    const big = Float64Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => Math.max(...big)).toThrow(RangeError);
    expect(maxOf(big)).toBe(big.reduce((m, v) => (v > m ? v : m), -Infinity));
  });
});
