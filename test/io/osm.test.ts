import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readRoads } from "../../src/io/read/read-roads.ts";

/**
 * OSM roads from XML (osmtogeojson via xmldom), Overpass JSON (osmtogeojson) and .osm.pbf
 * (osm-pbf-parser-node): the same SYNTHETIC data (test/fixtures/io/osm/) in three formats must give the
 * same roads; the .pbf is also read by GDAL's OSM driver as an independent check.
 */
const dir = fileURLToPath(new URL("../fixtures/io/osm/", import.meta.url));
const FORMATS = ["roads.osm", "roads.osm.json", "roads.osm.pbf"];

describe.each(FORMATS)("readRoads(%s)", (name) => {
  const { records, report } = readRoads([join(dir, name)], { strictness: "list" });

  it("keeps only the highway ways, as road records with the OSM tags the model uses", () => {
    expect(records.map((r) => r.id)).toEqual(["way/100", "way/101"]);
    expect(records[0]).toMatchObject({ name: "Synthetic Road", class: "primary", bridge: true, tunnel: false, layer: 1, oneway: 0 });
    expect(records[0].properties).toEqual({ id: "way/100", highway: "primary", name: "Synthetic Road", ref: "M-12", bridge: "yes", layer: "1" }); // maxspeed dropped
    expect(records[1]).toMatchObject({ class: "track", bridge: false, tunnel: true, layer: -1, oneway: -1 });
    expect(records[1].properties.surface).toBe("gravel");
  });

  it("node positions become the line vertices", () => {
    expect(records[0].parts).toEqual([[[46.75, 39.74], [46.76, 39.745], [46.77, 39.75]]]);
    expect(records[1].parts).toEqual([[[46.77, 39.75], [46.78, 39.755]]]);
  });

  it("reports what is not a road (the building, the traffic-signal node) and counts only the highway ways", () => {
    const f = report.files[0];
    expect([f.read, f.used, f.repaired, f.rejected]).toEqual([2, 2, 0, 0]);
    expect(f.issues.map((i) => i.code)).toEqual(["osm-not-a-road"]);
    expect(f.issues[0].message).toMatch(/^2 OSM feature/);
  });
});

describe(".osm.pbf against GDAL and when broken", () => {
  const pbf = join(dir, "roads.osm.pbf");
  const gdal = spawnSync("ogrinfo", ["-ro", "-q", pbf, "lines"], { encoding: "utf8" });

  it.skipIf(gdal.error !== undefined)("GDAL's OSM driver reads the same two lines with the same vertices", () => {
    const lines = [...gdal.stdout.matchAll(/LINESTRING \(([^)]+)\)/g)].map((m) => m[1].split(",").map((p) => p.trim().split(" ").map(Number)));
    expect(lines).toEqual(readRoads([pbf]).records.map((r) => r.parts[0]));
  });

  it("a truncated .osm.pbf is refused as invalid-osm, not read partially", () => {
    const bytes = readFileSync(pbf);
    const cut = join(mkdtempSync(join(tmpdir(), "minerisk-osm-")), "cut.osm.pbf");
    writeFileSync(cut, bytes.subarray(0, bytes.length - 20));
    const f = readRoads([cut], { strictness: "list" }).report.files[0];
    expect(f.issues.map((i) => i.code)).toEqual(["invalid-osm"]);
    expect(() => readRoads([cut])).toThrow(/truncated|not a readable/);
  });
});
