/**
 * The layering of DESIGN.md, checked on the source: imports point down only
 * (core ← spatial ← analyses ← io ← render ← pipeline ← cli), and each external library enters through
 * its one door (proj4 only in io/crs/crs.ts, Flatbush only in spatial/).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");
const LAYERS = ["core", "spatial", "analyses", "io", "render", "pipeline", "cli"];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

const sources = files(SRC).map((f) => ({
  file: relative(SRC, f),
  imports: [...readFileSync(f, "utf8").matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gms)].map((m) => m[1]),
}));

const layerOf = (rel: string) => LAYERS.indexOf(rel.split("/")[0]);

describe("architecture", () => {
  it("finds the source files", () => {
    expect(sources.length).toBeGreaterThan(30);
  });

  it("imports point down only", () => {
    const violations: string[] = [];
    for (const s of sources) {
      const from = layerOf(s.file);
      if (from < 0) continue; // src/index.ts and src/version.ts sit outside the layers
      for (const imp of s.imports.filter((i) => i.startsWith("."))) {
        const target = relative(SRC, resolve(SRC, dirname(s.file), imp));
        const to = layerOf(target);
        if (to > from) violations.push(`${s.file} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("proj4 enters only through io/crs/crs.ts and Flatbush only through spatial/", () => {
    const proj4 = sources.filter((s) => s.imports.includes("proj4")).map((s) => s.file);
    const flatbush = sources.filter((s) => s.imports.includes("flatbush")).map((s) => s.file);
    expect(proj4).toEqual(["io/crs/crs.ts"]);
    expect(flatbush.length).toBeGreaterThan(0);
    expect(flatbush.every((f) => f.startsWith("spatial/"))).toBe(true);
  });

  it("analyses never import io, render, pipeline or cli", () => {
    const bad = sources.filter((s) => s.file.startsWith("analyses/") && s.imports.some((i) => /\/(io|render|pipeline|cli)\//.test(i)));
    expect(bad.map((s) => s.file)).toEqual([]);
  });

  it("has no import cycles", () => {
    // Depth-first search over the relative-import graph; a back edge is a cycle (e.g. two readers that
    // import each other), which makes load order fragile and the layering hard to read.
    const graph = new Map(sources.map((s) => [s.file, s.imports.filter((i) => i.startsWith(".")).map((i) => relative(SRC, resolve(SRC, dirname(s.file), i)))]));
    const state = new Map<string, 1 | 2>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      state.set(f, 1);
      for (const t of graph.get(f) ?? []) {
        if (state.get(t) === 1) cycles.push([...path.slice(path.indexOf(t)), f, t].join(" → "));
        else if (!state.has(t)) visit(t, [...path, f]);
      }
      state.set(f, 2);
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it("keeps folders near 15 files", () => {
    const counts = new Map<string, number>();
    for (const s of sources) counts.set(dirname(s.file), (counts.get(dirname(s.file)) ?? 0) + 1);
    const crowded = [...counts].filter(([, n]) => n > 18).map(([d, n]) => `${d}: ${n}`);
    expect(crowded).toEqual([]);
  });
});
