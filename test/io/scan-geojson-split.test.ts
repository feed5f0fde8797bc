import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.ts";
import { readRoadsChecked } from "../../src/io/read/read-roads.ts";
import type { RoadRecord } from "../../src/io/fields/records.ts";

// The split scan needs its worker, which only exists compiled: tested on dist/ (`npm test` builds it first)
// against the full intake of the sources.
const DIST = "../../dist/io/read/read-roads-scanned.js";
const tmp = mkdtempSync(join(tmpdir(), "minerisk-split-"));
const plain = (r: RoadRecord) => ({ record: r.record, id: r.id, name: r.name, class: r.class, bridge: r.bridge, layer: r.layer, oneway: r.oneway, parts: r.parts, properties: r.properties });

/**
 * A seeded road layer of `n` features; `name(i)` gives feature i's name; `brokenLast` leaves the last line
 * one position; `nested` puts a Feature-like object after a comma inside every feature's properties.
 */
function layer(n: number, name: (i: number) => string, brokenLast = false, nested = false): string {
  const rand = seededRandom(9);
  const features = Array.from({ length: n }, (_, i) => {
    const coords = Array.from({ length: brokenLast && i === n - 1 ? 1 : 2 + Math.floor(rand() * 6) }, () => [46.4 + rand() * 1.2, 39.3 + rand() * 0.9].map((v) => Number(v.toFixed(6))));
    const multi = i % 17 === 0 && i !== n - 1;
    const geometry = multi ? { type: "MultiLineString", coordinates: [coords, coords.slice().reverse()] } : { type: "LineString", coordinates: coords };
    return JSON.stringify({ type: "Feature", properties: { id: i, name: name(i), bridge: i % 5 === 0 ? "yes" : undefined, ...(nested ? { seen: [0, { type: "Feature", n: i }] } : {}) }, geometry });
  });
  return `{"type":"FeatureCollection","features":[\n${features.join(",\n")}\n]}\n`;
}

describe("readRoadsScanned on two threads (compiled)", () => {
  it("gives the full intake's records when the file is split between two threads", async () => {
    expect(existsSync(new URL("../../dist/io/json/scan-geojson-worker.js", import.meta.url)), "run `npm run build` first").toBe(true);
    const { readRoadsScanned } = (await import(DIST)) as typeof import("../../src/io/read/read-roads-scanned.ts");
    const file = join(tmp, "roads.geojson");
    writeFileSync(file, layer(3000, (i) => `Road ${i}`));
    const split = readRoadsScanned([file], {}, 0)!;
    expect(split.records.some((r) => r.packed!.firstRecord > 0)).toBe(true); // it really was split
    expect(split.records.map(plain)).toEqual(readRoadsChecked([file]).records.map(plain));
  });

  it("falls back to one piece when the split point is inside a string, and declines a tail with a problem", async () => {
    const { readRoadsScanned } = (await import(DIST)) as typeof import("../../src/io/read/read-roads-scanned.ts");
    // every feature's properties hold what the split search looks for (a Feature-like object after a comma),
    // so the split guess falls inside a feature: the head scan notices and the file is scanned in one piece
    const tricky = join(tmp, "tricky.geojson");
    writeFileSync(tricky, layer(3000, (i) => `Road ${i}`, false, true));
    const read = readRoadsScanned([tricky], {}, 0)!;
    expect(read.records.every((r) => r.packed!.firstRecord === 0)).toBe(true);
    expect(read.records.map(plain)).toEqual(readRoadsChecked([tricky]).records.map(plain));
    // a problem in the last feature only: the tail's scan declines, so the full intake must read the file
    const bad = join(tmp, "bad-tail.geojson");
    writeFileSync(bad, layer(3000, (i) => `Road ${i}`, true));
    expect(readRoadsChecked([bad], { strictness: "list" }).report.files[0].issues.map((i) => i.code)).toEqual(["degenerate-line"]);
    expect(readRoadsScanned([bad], {}, 0)).toBeUndefined();
  });

  it("declines a repeated key or a flagged character in the tail's properties (checked on the worker's thread)", async () => {
    const { readRoadsScanned } = (await import(DIST)) as typeof import("../../src/io/read/read-roads-scanned.ts");
    const text = layer(3000, (i) => `Road ${i}`);
    for (const [name, broken, code] of [
      ["repeated.geojson", text.replace('"name":"Road 2990"', '"name":"Road 2990","name":"again"'), "duplicate-key"],
      ["flagged.geojson", text.replace('"name":"Road 2990"', '"name":"Road \\u0007 2990"'), "control-characters"],
    ] as const) {
      expect(broken).not.toBe(text);
      const file = join(tmp, name);
      writeFileSync(file, broken);
      expect(readRoadsChecked([file], { strictness: "list" }).report.files[0].issues.map((i) => i.code)).toContain(code);
      expect(readRoadsScanned([file], {}, 0)).toBeUndefined();
    }
    const clean = join(tmp, "clean.geojson");
    writeFileSync(clean, text);
    expect(readRoadsScanned([clean], {}, 0)!.records.some((r) => r.packed!.firstRecord > 0)).toBe(true);
  });
});
