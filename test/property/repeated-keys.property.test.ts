/**
 * Repeated JSON keys (issue 20): io/json/json-structure.ts finds them in one loop over the text; here a
 * seeded fast-check oracle checks it against a plain recursive walk of a tree that keeps every member
 * (repeats included), written out as JSON by hand (JSON.stringify cannot write a repeated key). Then the
 * door: the record is reported per record (repaired in lenient mode, refused in strict), and the fast
 * road scanner declines such a file, so it never reads as clean what the full intake flags.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { jsonDepth } from "../../src/io/json/read-json.ts";
import { jsonStructure, type RepeatedKey } from "../../src/io/json/json-structure.ts";
import { repeatedKeyInTexts } from "../../src/io/json/repeated-keys-bytes.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoadsChecked } from "../../src/io/read/read-roads.ts";
import { readRoadsScanned } from "../../src/io/read/read-roads-scanned.ts";

const SEED = Number(process.env.PROPERTY_SEED ?? 20_2026);

/** A JSON tree whose objects are member lists, so a key can repeat. */
type Tree = number | string | null | { arr: Tree[] } | { obj: [string, Tree][] };

const key = fc.constantFrom("a", "b", "id", "\\u0061", "type", "é", "a\\\"b");
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.integer(), fc.constantFrom("x", "a", "{[\"", null), fc.record({ arr: fc.array(tie("t"), { maxLength: 4 }) }), fc.record({ obj: fc.array(fc.tuple(key, tie("t")), { maxLength: 4 }) })),
})).t;

const write = (t: Tree): string =>
  t === null || typeof t === "number" ? JSON.stringify(t) : typeof t === "string" ? JSON.stringify(t) : "arr" in t ? `[${t.arr.map(write).join(",")}]` : `{${t.obj.map(([k, v]) => `"${k}" : ${write(v)}`).join(", ")}}`;

/** The reference: a recursive walk (fine in a test: the trees are small) listing every repeat with its path and count. */
function reference(t: Tree, features: Tree[] | undefined): RepeatedKey[] {
  const out: RepeatedKey[] = [];
  const walk = (v: Tree, path: string[], record: number | undefined) => {
    if (v === null || typeof v !== "object") return;
    if ("arr" in v) {
      v.arr.forEach((x, i) => walk(x, record === undefined && v.arr === features ? [] : path, record === undefined && v.arr === features ? i + 1 : record));
      return;
    }
    const counts = new Map<string, number>();
    for (const [k] of v.obj) counts.set(JSON.parse(`"${k}"`), (counts.get(JSON.parse(`"${k}"`)) ?? 0) + 1);
    const first = new Set<string>();
    for (const [k, x] of v.obj) {
      const name = JSON.parse(`"${k}"`) as string;
      if (counts.get(name)! > 1 && !first.has(name)) {
        first.add(name);
        out.push({ ...(record === undefined ? {} : { record }), path: [...path, name].join("."), times: counts.get(name)! });
      }
      walk(x, [...path, name], record);
    }
  };
  walk(t, [], undefined);
  return out;
}

const sortKeys = (r: RepeatedKey[]) => [...r].map((x) => JSON.stringify(x)).sort();

describe("repeated keys, found in one pass over the text (issue 20)", () => {
  it("finds exactly the repeats a recursive walk finds, with record, path and count, for 1,500 random trees", () => {
    let withRepeats = 0;
    fc.assert(
      fc.property(tree, fc.array(tree, { maxLength: 4 }), (extra, feats) => {
        // half the cases as a FeatureCollection (records counted in "features"), half as any JSON
        const root: Tree = { obj: [["type", "FeatureCollection"], ["features", { arr: feats }], ["x", extra]] };
        for (const t of [root, extra]) {
          const features = t === root ? ((root.obj[1][1] as { arr: Tree[] }).arr) : undefined;
          const text = write(t);
          const want = reference(t, features);
          if (want.length > 0) withRepeats++;
          expect(sortKeys(jsonStructure(text, 1000).repeated), text).toEqual(sortKeys(want));
        }
      }),
      { seed: SEED, numRuns: 1500 },
    );
    expect(withRepeats).toBeGreaterThan(300); // the generator does make repeats
  });

  it("the scanner's check on the bytes (repeated-keys-bytes.ts) agrees with jsonStructure wherever it decides, and leaves only escaped keys to it", () => {
    let decided = 0;
    let repeatedOnBytes = 0;
    let unsure = 0;
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 5 }), (texts) => {
        // the texts laid out in one buffer between other bytes, as properties lie in a file; one absent
        const parts = texts.map(write);
        const ranges: number[] = [-1, -1];
        let layout = "[";
        for (const t of parts) {
          layout += ' {"type": "x", "properties": ';
          ranges.push(Buffer.byteLength(layout), Buffer.byteLength(layout) + Buffer.byteLength(t));
          layout += `${t}},`;
        }
        const got = repeatedKeyInTexts(Buffer.from(layout), ranges);
        const want = parts.some((t) => jsonStructure(t, 1000).repeated.length > 0);
        const escaped = parts.some((t) => (t.match(/"(?:[^"\\]|\\.)*"\s*:/g) ?? []).some((k) => k.includes("\\")));
        if (got === "unsure") {
          unsure++;
          expect(escaped, layout).toBe(true); // only an escaped key (or 64 keys in one object) leaves it unsure
        } else {
          decided++;
          if (got === "repeated") repeatedOnBytes++;
          expect(got === "repeated", layout).toBe(want);
        }
      }),
      { seed: SEED, numRuns: 1500 },
    );
    expect(decided).toBeGreaterThan(500);
    expect(repeatedOnBytes).toBeGreaterThan(100);
    expect(unsure).toBeGreaterThan(50);
  });

  it("the bytes check: an object of more than 64 keys is left to jsonStructure; keys compare as bytes (é, not e)", () => {
    const many = `{${Array.from({ length: 70 }, (_, k) => `"k${k}":${k}`).join(",")}}`;
    expect(repeatedKeyInTexts(Buffer.from(many), [0, Buffer.byteLength(many)])).toBe("unsure");
    const pairs: [string, string][] = [['{"é":1,"e":2}', "none"], ['{"é":1,"é":2}', "repeated"], ['{"a":{"a":1},"b":[{"a":1,"a":2}]}', "repeated"], ['{"a":"{\\"a\\":1}","b":"a"}', "none"]];
    for (const [text, want] of pairs) expect(repeatedKeyInTexts(Buffer.from(text), [0, Buffer.byteLength(text)]), text).toBe(want);
  });

  it("keeps counting depth as before", () => {
    expect(jsonDepth('[[{"a":[1]}]]', 100)).toBe(4);
    expect(jsonDepth('"[[["', 100)).toBe(0);
    expect(jsonDepth("[".repeat(500), 100)).toBe(101);
  });
});

const dir = mkdtempSync(join(tmpdir(), "minerisk-repeated-"));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const point = (props: string) => `{"type":"Feature","properties":${props},"geometry":{"type":"Point","coordinates":[46.9271,39.6988]}}`;
const road = (props: string) => `{"type":"Feature","properties":${props},"geometry":{"type":"LineString","coordinates":[[46.92,39.69],[46.93,39.70]]}}`;
const collection = (features: string[]) => `{"type":"FeatureCollection","features":[${features.join(",")}]}`;

describe("repeated keys at the door", () => {
  const incidents = file("incidents.geojson", collection([point('{"id":"a","date":"2023-09-19"}'), point('{"id":"a","id":"b","date":"2021-05-02"}')]));

  it("lenient: the record is used with the last value and reported repaired, naming the key and the record", () => {
    const r = readIncidents([incidents], { strictness: "lenient" });
    expect(r.records.map((x) => x.id)).toEqual(["a", "b"]);
    const f = r.report.files[0];
    expect([f.read, f.used, f.repaired, f.rejected]).toEqual([2, 1, 1, 0]);
    expect(f.issues.filter((i) => i.code === "duplicate-key")).toEqual([expect.objectContaining({ code: "duplicate-key", record: 2, field: "properties.id", action: "repaired", severity: "error", message: expect.stringMatching(/the property "id" appears 2 times in this feature; .*used the last one/) })]);
  });

  it("strict: the file is refused with the same issue", () => {
    expect(() => readIncidents([incidents], { strictness: "strict" })).toThrow(InputError);
    try {
      readIncidents([incidents], { strictness: "strict" });
    } catch (e) {
      expect((e as InputError).issues).toEqual([expect.objectContaining({ code: "duplicate-key", record: 2 })]);
    }
  });

  it("a second \"features\" array refuses the file (its records would vanish unreported)", () => {
    const f = file("two-features.geojson", `{"type":"FeatureCollection","features":[${point('{"id":"lost"}')}],"features":[${point('{"id":"kept","date":"2023-09-19"}')}]}`);
    expect(() => readIncidents([f], { strictness: "lenient" })).toThrow(/\[duplicate-key\][\s\S]*"features" key appears 2 times/);
  });

  it("the fast road scanner declines a road file with a repeated property (or a repeated key in another member), so the full intake reports it", () => {
    const clean = file("roads-clean.geojson", collection([road('{"id":"r1"}'), road('{"id":"r2"}')]));
    const inProps = file("roads-dup.geojson", collection([road('{"id":"r1"}'), road('{"id":"r2","name":"A","name":"B"}')]));
    const inOther = file("roads-dup-other.geojson", collection([road('{"id":"r1"}'), road('{"id":"r2"}').replace('"properties"', '"extra":{"k":1,"k":2},"properties"')]));
    expect(readRoadsScanned([clean], { strictness: "list" })).toBeDefined(); // the scanner does read a clean file
    for (const f of [inProps, inOther]) {
      expect(readRoadsScanned([f], { strictness: "list" })).toBeUndefined();
      const full = readRoadsChecked([f], { strictness: "list" });
      expect(full.report.files[0].issues.map((i) => [i.code, i.record])).toEqual([["duplicate-key", 2]]);
    }
  });
});
