/**
 * A layer of 300,000 records through the FULL intake (issue 20: above about 125,000 records the readers'
 * `push(...items)` overflowed the stack). One bad record makes the fast scanner decline, so the full intake
 * reads it; synthetic roads on a grid near the Karabakh corridor.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRoadsScanned } from "../../src/io/read/read-roads-scanned.ts";
import { readRoads } from "../../src/io/read/read-roads.ts";

describe("a 300,000-record layer through the full intake (issue 20)", () => {
  it("reads every record, rejects the one bad one, and does not overflow the stack", { timeout: 300_000 }, () => {
    const n = 300_000;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const x = 46.5 + (i % 1000) * 0.0005;
      const y = 39.4 + Math.floor(i / 1000) * 0.0005;
      const coords = i === 123_456 ? "[[46.6,39.5]]" : `[[${x.toFixed(5)},${y.toFixed(5)}],[${(x + 0.0003).toFixed(5)},${(y + 0.0002).toFixed(5)}]]`; // one degenerate line
      parts.push(`{"type":"Feature","properties":{"id":"r${i}","highway":"track"},"geometry":{"type":"LineString","coordinates":${coords}}}`);
    }
    const file = join(mkdtempSync(join(tmpdir(), "minerisk-large-")), "roads.geojson");
    writeFileSync(file, `{"type":"FeatureCollection","features":[\n${parts.join(",\n")}\n]}`);
    expect(readRoadsScanned([file], { strictness: "list" })).toBeUndefined(); // the bad record: full intake
    const intake = readRoads([file], { strictness: "lenient" });
    const report = intake.report.files[0];
    expect(report.read).toBe(n);
    expect(report.rejected).toBe(1);
    expect(report.used + report.repaired).toBe(n - 1);
    expect(intake.records.length).toBe(n - 1);
    expect(report.issues.filter((i) => i.action === "rejected").map((i) => i.record)).toEqual([123_457]); // feature 123,456 counted from 0 is record 123,457
  });
});
