/**
 * The helper thread of writeOutputs (src/pipeline/write-helper.ts) writes the lixels' FlatGeobuf and the
 * map's PNG: the same bytes as writing everything on one thread, every file of the run compared; and a
 * failure on the helper reaches the caller as the error the calling thread would have thrown. Runs the
 * compiled package (dist/): worker threads cannot load the TypeScript sources, so under vitest's own
 * transform there is no helper thread at all.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.ts";

// the compiled package, as the CLI runs it
const dist = (await import(join(import.meta.dirname, "../../dist/index.js"))) as typeof import("../../src/index.ts");

const tmp = mkdtempSync(join(tmpdir(), "minerisk-helper-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** 30 straight roads of 8 km in a fan, 200 seeded incidents near them: ≈ 2,400 lixels. */
function run() {
  const rand = seededRandom(7);
  const c = [46.8, 39.6];
  const roads = Array.from({ length: 30 }, (_, k) => {
    const a = (k / 30) * Math.PI;
    const line = [c, [c[0] + 0.09 * Math.cos(a), c[1] + 0.07 * Math.sin(a)]];
    return { file: "synthetic", record: k + 1, id: `road-${k}`, name: k % 3 ? `Road ${k}` : null, class: "primary", bridge: false, tunnel: false, layer: 0, oneway: 0, parts: [line], properties: {} };
  });
  const incidents = Array.from({ length: 200 }, (_, i) => ({
    file: "synthetic", record: i + 1, id: `inc-${i}`, lon: c[0] + (rand() - 0.3) * 0.1, lat: c[1] + (rand() - 0.3) * 0.08,
    date: `20${10 + Math.floor(rand() * 12)}-03-0${1 + Math.floor(rand() * 8)}`, datePrecision: "day", device: "anti-tank", killed: Math.floor(rand() * 2), injured: 1,
    activity: null, source: "synthetic", locationPrecisionM: rand() < 0.5 ? 10 : 1000, locationPrecisionSource: "given", onRoad: null, properties: {},
  }));
  return dist.analyze({ roads, incidents } as never);
}

const files = (dir: string) => readdirSync(dir).sort();

describe("writeOutputs on a helper thread", () => {
  const result = run();

  it("writes every file byte for byte as one thread does", () => {
    const one = join(tmp, "one");
    const two = join(tmp, "two");
    dist.writeOutputs(result, one, [], { threads: 1 });
    const written = dist.writeOutputs(result, two, [], { threads: 2 });
    expect(result.lixels.count).toBeGreaterThan(1000);
    expect(files(two)).toEqual(files(one));
    expect(files(one)).toContain("lixels.csv");
    expect(files(one)).toContain("map.png");
    for (const f of files(one)) expect(readFileSync(join(two, f)).equals(readFileSync(join(one, f))), f).toBe(true);
    expect(written.map((w) => w.file)).toContain("lixels.meta.json");
  });

  it("passes a failure on the helper thread on as the same error", () => {
    const out = join(tmp, "refused");
    // lixels.fgb (written on the helper thread) is an "input" of this run: the helper must refuse to write over it, as this thread would
    const attempt = (threads: number) => () => dist.writeOutputs(result, out, [join(out, "lixels.fgb")], { threads });
    // incidents.csv too: the incidents layer is the helper's first job (or this thread's, taken back at join)
    const incidents = (threads: number) => () => dist.writeOutputs(result, join(tmp, `refused-incidents-${threads}`), [join(tmp, `refused-incidents-${threads}`, "incidents.csv")], { threads });
    expect(incidents(1)).toThrow(/refusing to overwrite the input file .*incidents\.csv/);
    expect(incidents(2)).toThrow(/refusing to overwrite the input file .*incidents\.csv/);
    expect(attempt(1)).toThrow(/refusing to overwrite the input file .*lixels\.fgb/);
    expect(attempt(2)).toThrow(/refusing to overwrite the input file .*lixels\.fgb/);
    try {
      attempt(2)();
    } catch (e) {
      expect((e as Error).name).toBe("OptionError");
    }
  });

  it("writes a layer job the same whether the helper or the calling thread takes it", async () => {
    const helperModule = (await import(join(import.meta.dirname, "../../dist/pipeline/write-helper.js"))) as typeof import("../../src/pipeline/write-helper.ts");
    const features = Array.from({ length: 3_000 }, (_, i) => ({ type: "Feature" as const, properties: { id: i, name: i % 4 ? `p${i}` : null, x: i / 7 }, geometry: { type: "Point" as const, coordinates: [46 + i / 1e4, 39.5] as [number, number] } }));
    const meta = { toolkit: "minerisk", version: "test", inputs: [], options: {}, workingCrs: "EPSG:32638" };
    const options = { formats: ["geojson", "fgb", "csv"] as const, qml: "<qgis/>", csvLonLat: true, protect: [], meta } as never;
    const ref = join(tmp, "layer-ref");
    helperModule.writeHelper(1).layer(ref, "pts", features, options);
    // a helper kept busy by a large PNG first (the calling thread takes the layer over at join), and an idle one
    const big = `<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="3000">${Array.from({ length: 4_000 }, (_, i) => `<circle cx="${i % 3000}" cy="${(i * 7) % 3000}" r="${20 + (i % 50)}" fill="#${(i * 2654435761 % 0xffffff).toString(16).padStart(6, "0")}" fill-opacity="0.5"/>`).join("")}</svg>`;
    for (const busy of [true, false]) {
      const out = join(tmp, `layer-${busy ? "busy" : "idle"}`);
      const h = helperModule.writeHelper(2);
      expect(h.threaded).toBe(true);
      if (busy) h.png(join(out, "big.png"), big, []);
      h.layer(out, "pts", features, options);
      if (!busy) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      h.join();
      for (const f of files(ref)) expect(readFileSync(join(out, f)).equals(readFileSync(join(ref, f))), f).toBe(true);
      expect(files(out).filter((f) => f !== "big.png")).toEqual(files(ref));
    }
    // a layer taken back at join that fails: its error, at once, after the helper's jobs; a second join returns
    const refused = join(tmp, "layer-refused");
    const h = helperModule.writeHelper(2);
    h.png(join(refused, "big.png"), big, []);
    h.layer(refused, "pts", features, { ...(options as object), protect: [join(refused, "pts.csv")] } as never);
    const t0 = Date.now();
    expect(() => h.join()).toThrow(/refusing to overwrite the input file .*pts\.csv/);
    expect(() => h.join()).not.toThrow();
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(files(refused)).toContain("big.png");
  });
});
