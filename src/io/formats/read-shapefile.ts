import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { unzipSync } from "fflate";
import rewind from "@turf/rewind";
import * as shapefile from "shapefile";
import type { LoadedLayer, LoadIssue } from "./loaded-layer.ts";

/**
 * Read an ESRI Shapefile — `name.shp` with its `.dbf`, `.prj` and `.cpg` beside it, or all of them in one
 * `.zip` — into a FeatureCollection with the coordinates as stored (the .prj's CRS travels with it, to be
 * applied by the intake like any input CRS). Geometry and attributes by `shapefile` (mbostock); the zip by
 * `fflate`. Text is decoded as the .cpg says (e.g. "1252" → windows-1252, "UTF-8"); without a .cpg, as
 * windows-1252, the dBASE default, with a warning. Polygon rings are rewound from the format's clockwise
 * exteriors to RFC 7946's counter-clockwise ones.
 */
export async function readShapefile(file: string): Promise<LoadedLayer> {
  const issues: LoadIssue[] = [];
  let parts: Map<string, Uint8Array>;
  try {
    parts = extname(file).toLowerCase() === ".zip" ? zipParts(file, issues) : siblingParts(file);
  } catch (e) {
    return { issues: [{ code: "file-unreadable", message: `cannot read the Shapefile: ${(e as Error).message}`, severity: "error" }] };
  }
  if (issues.length > 0) return { issues };
  const shp = parts.get(".shp");
  if (!shp) return { issues: [{ code: "missing-sidecar", message: "no .shp found: a Shapefile needs name.shp (with .dbf, .shx, .prj, .cpg beside it, or zipped together)", severity: "error" }] };
  const dbf = parts.get(".dbf");
  if (!dbf) issues.push({ code: "missing-sidecar", message: "no .dbf beside the .shp: the attributes (ids, dates, status) are missing, so every record has none", severity: "warning" });
  const cpg = parts.get(".cpg");
  const encoding = cpg ? encodingOf(new TextDecoder("latin1").decode(cpg)) : "windows-1252";
  if (encoding === undefined) {
    return { issues: [...issues, { code: "unknown-encoding", message: `the .cpg names the encoding "${new TextDecoder("latin1").decode(cpg).trim()}", which this reader does not know: re-export as UTF-8 or give a .cpg with e.g. "UTF-8" or "1252"`, severity: "error" }] };
  }
  if (!cpg && dbf) issues.push({ code: "missing-sidecar", message: "no .cpg beside the .shp: text read as windows-1252 (the dBASE default); if names look wrong, add a .cpg naming the encoding (e.g. UTF-8)", severity: "warning" });
  const prj = parts.get(".prj");
  if (!prj) issues.push({ code: "missing-sidecar", message: "no .prj beside the .shp: coordinates are read as WGS 84 lon/lat; give --crs if they are not", severity: "warning" });
  let collection: { type: "FeatureCollection"; features: unknown[] };
  try {
    collection = (await shapefile.read(toArrayBuffer(shp), dbf ? toArrayBuffer(dbf) : undefined, { encoding })) as unknown as typeof collection;
  } catch (e) {
    return { issues: [...issues, { code: "file-unreadable", message: `cannot read the Shapefile: ${(e as Error).message}`, severity: "error" }] };
  }
  const crs = prj ? { spec: new TextDecoder("utf-8").decode(prj).trim(), from: ".prj" } : undefined;
  // Shapefile rings are clockwise by the format's own rule (ESRI white paper, 1998): rewound here to RFC 7946
  // order, so a well-formed Shapefile is not reported as "wrong-winding" record by record
  const features = collection.features.map((f) => {
    const g = (f as { geometry?: { type?: string } }).geometry;
    return g && (g.type === "Polygon" || g.type === "MultiPolygon") ? rewind(f as Parameters<typeof rewind>[0], { mutate: false }) : f;
  });
  return { collection: { type: "FeatureCollection", features }, crs, issues, encoding };
}

/** The parts beside `name.shp` (or any one of its files), by extension. */
function siblingParts(file: string): Map<string, Uint8Array> {
  const stem = join(dirname(file), basename(file, extname(file)));
  const out = new Map<string, Uint8Array>();
  for (const ext of [".shp", ".dbf", ".prj", ".cpg"]) {
    // GIS tools write the extension in either case
    for (const e of [ext, ext.toUpperCase()]) {
      if (!out.has(ext) && existsSync(stem + e)) out.set(ext, readFileSync(stem + e));
    }
  }
  return out;
}

/** The parts of the one Shapefile inside a zip; more than one .shp is an issue naming them. */
function zipParts(file: string, issues: LoadIssue[]): Map<string, Uint8Array> {
  const entries = unzipSync(readFileSync(file));
  const shps = Object.keys(entries).filter((n) => n.toLowerCase().endsWith(".shp") && !n.startsWith("__MACOSX/"));
  if (shps.length > 1) {
    issues.push({ code: "several-layers", message: `the zip holds ${shps.length} Shapefiles (${shps.join(", ")}): give one layer per file (unzip it and name the .shp)`, severity: "error" });
    return new Map();
  }
  const out = new Map<string, Uint8Array>();
  if (shps.length === 0) return out;
  const stem = shps[0].slice(0, -4);
  for (const [name, bytes] of Object.entries(entries)) {
    if (name.slice(0, -4) === stem) out.set(name.slice(-4).toLowerCase(), bytes);
  }
  return out;
}

/** The TextDecoder label of a .cpg's content, or undefined when it names nothing TextDecoder knows. */
export function encodingOf(cpg: string): string | undefined {
  const s = cpg.trim().toUpperCase().replace(/\s+/g, "");
  let label = s;
  if (s === "UTF8" || s === "UTF-8" || s === "65001") label = "utf-8";
  else if (/^(CP|WINDOWS-?|ANSI)?125\d$/.test(s)) label = `windows-${s.slice(-4)}`;
  else if (/^(ISO-?)?8859-?\d{1,2}$/.test(s)) label = `iso-8859-${s.replace(/^(ISO-?)?8859-?/, "")}`;
  else if (/^(CP|IBM)?(437|850|852|866)$/.test(s)) label = `ibm${s.replace(/^(CP|IBM)/, "")}`;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
