/**
 * No recursion over input data in src/ (issue 20, build item 1): a recursive walk over what a user's file
 * holds overflows the stack at some depth (10⁵ nesting levels crashed the reader with RangeError). Walk
 * with an explicit stack instead. This test parses every source file (oxc-parser) and lists the functions
 * that call themselves, directly or through other functions of their file (test/helpers/recursion.ts);
 * each must be on the allow-list below, with what bounds its depth other than the input.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { recursiveFunctions } from "./helpers/recursion.ts";

const SRC = resolve(import.meta.dirname, "../src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** `file: function` → what bounds the recursion's depth, if not the input. Keep it short; prefer a stack. */
const ALLOWED: Record<string, string> = {
  "analyses/routing/tradeoff.ts: between":
    "not the input's nesting: each level is a new route strictly between its two neighbours in expected incidents, found by a full route search, so the depth is the number of distinct trade-off routes (tens). Weak: maxPoints caps the routes kept, not the depth of the left descent (the hull grows as calls return)",
  "io/crs/crs.ts: inputCrs": "one level: a WKT naming an EPSG authority calls it once with `EPSG:N`, which is resolved without calling it again",
  "io/intake/geometry.ts: positionsOf": "its `depth` argument, the geometry type's nesting (1 to 4), falls by one per call",
  "io/json/validate-geojson.ts: readCoordinates": "its `depth` argument, the geometry type's nesting (1 to 4), falls by one per call and it stops there",
  "io/write/format-geojson.ts: extendBounds": "coordinates of written features, which the intake (readCoordinates) or a writer built with exactly the geometry type's nesting (≤ 4)",
  "io/write/format-geojson.ts: coords": "coordinates of written features, nested as their geometry type (≤ 4 levels)",
  "io/write/write-geoparquet.ts: visit": "coordinates of written features, nested as their geometry type (≤ 4 levels)",
  "io/write/write-geoparquet.ts: byteLength": "geometry types: a MultiPolygon calls it once per Polygon, which does not call it again (depth 2)",
  "render/map/map-dense.ts: countPositions": "coordinates of features the intake built with the geometry type's nesting (≤ 4)",
  "render/map/map-dense.ts: visit": "coordinates of features the intake built with the geometry type's nesting (≤ 4)",
};

describe("recursion over input data", () => {
  it("finds direct, mutual and callback recursion in hand cases, and not what is not recursion", () => {
    const found = recursiveFunctions(
      "cases.ts",
      [
        "function a(x: number): number { return x ? a(x - 1) : 0; }", // direct
        "function b(x: unknown[]) { x.forEach((y) => b(y as unknown[])); }", // through a callback
        "const c = (x: unknown[]): unknown[] => x.map(c);", // passed as a value
        "function d(n: number): number { return n ? e(n) : 0; } function e(n: number): number { return d(n - 1); }", // mutual
        "function f(x: number) { return g(x); } function g(x: number) { return x + 1; }", // a chain, no cycle
        "function h(stack: number[]) { while (stack.length) stack.pop(); }", // a stack: fine
      ].join("\n"),
    );
    expect(found).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("src/ recurses only where the allow-list says why the depth is bounded", () => {
    const found = files(SRC).flatMap((f) => recursiveFunctions(f, readFileSync(f, "utf8")).map((name) => `${relative(SRC, f)}: ${name}`));
    expect(found.length).toBeGreaterThan(0); // the search does find something in src/
    expect(found.filter((f) => !(f in ALLOWED))).toEqual([]);
    expect(Object.keys(ALLOWED).filter((f) => !found.includes(f))).toEqual([]); // no stale entries
  });
});
