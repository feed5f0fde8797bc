/**
 * The text formats of a typed layer (GeoJSON features, CSV rows) from its column data (column-data.ts):
 * each column gets one cell formatter per format, made once per layer, that reads the column's typed
 * array; a text column formats each distinct value once (JSON.stringify, CSV quoting) and looks it up by
 * code. The text is the same as format-geojson's formatFeature and write-csv's csvLines write for the
 * features `at(i)` builds (test/io/typed-layer-bytes.test.ts).
 */
import { cleanNumbers } from "../write/format-geojson.ts";
import { formatCsvCell } from "../write/write-csv.ts";
import { roundedVertices, type TypedLayer, vertexScratch } from "../write/typed-layer.ts";
import { type ColumnData, layerColumnData } from "./column-data.ts";
import { writeNumberText } from "./number-text.ts";

/** A column's text for feature i in one format; undefined: the feature has no such key. */
type CellText = (i: number) => string | undefined;

const finite = (x: number) => x === x && x !== Infinity && x !== -Infinity;

/** Property values as JSON.stringify writes them (non-finite → null, -0 → 0, undefined left out). */
function jsonCell(d: ColumnData): CellText {
  if (d.kind === "number") {
    const v = d.values;
    return (i) => (finite(v[i]) ? String(v[i] === 0 ? 0 : v[i]) : "null");
  }
  if (d.kind === "text") {
    const text = d.dict.map((s) => (s === null ? "null" : JSON.stringify(s)));
    const codes = d.codes;
    return (i) => text[codes[i]];
  }
  const values = d.values;
  return (i) => jsonValue(values[i]);
}

function jsonValue(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number") return Number.isFinite(v) ? String(v === 0 ? 0 : v) : "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null) return "null";
  return JSON.stringify(cleanNumbers(v)) ?? "null";
}

/** CSV cells as write-csv's formatCsvCell writes them. */
function csvCell(d: ColumnData): (i: number) => string {
  if (d.kind === "number") {
    const v = d.values;
    return (i) => (finite(v[i]) ? String(v[i] === 0 ? 0 : v[i]) : "");
  }
  if (d.kind === "text") {
    const text = d.dict.map(formatCsvCell);
    const codes = d.codes;
    return (i) => text[codes[i]];
  }
  const values = d.values;
  return (i) => formatCsvCell(values[i]);
}

/**
 * Feature i's GeoJSON text as format-geojson's formatFeature writes `at(i)`: the same keys in the same
 * order, numbers as JSON.stringify writes them, coordinates rounded to `precision` decimals.
 */
export function typedJsonFormatter(layer: TypedLayer, precision: number): (i: number) => string {
  const data = layerColumnData(layer);
  const cells = data.map(jsonCell);
  const keys = layer.columns.map((c) => `${JSON.stringify(c.name)}:`);
  const scratch = vertexScratch(layer);
  const line = layer.geometryType === "LineString";
  const open = line ? '},"geometry":{"type":"LineString","coordinates":[' : '},"geometry":{"type":"Polygon","coordinates":[[';
  const close = line ? "]}}" : "]]}}";
  return (i) => {
    let s = '{"type":"Feature","properties":{';
    let first = true;
    for (let k = 0; k < cells.length; k++) {
      const v = cells[k](i);
      if (v === undefined) continue;
      s += (first ? "" : ",") + keys[k] + v;
      first = false;
    }
    const n = roundedVertices(layer, i, precision, scratch);
    s += open;
    for (let k = 0; k < n; k++) s += `${k > 0 ? "," : ""}[${scratch[2 * k]},${scratch[2 * k + 1]}]`;
    return s + close;
  };
}

/**
 * The lines of write-csv's csvLines for a typed layer's properties, in pieces of about 1 MiB, rows
 * `from` ≤ i < `to` (default all; the header only with the first row): every feature has every column, so
 * the columns are the layer's (none for an empty layer, as csvColumns finds none), less `exclude`.
 */
export function* typedCsvLines(layer: TypedLayer, exclude: readonly string[] = [], from = 0, to = layer.length): Generator<string> {
  const data = layerColumnData(layer);
  const picked = layer.length > 0 ? layer.columns.flatMap((c, k) => (exclude.includes(c.name) ? [] : [k])) : [];
  const cells = picked.map((k) => csvCell(data[k]));
  let chunk = from === 0 ? `${picked.map((k) => formatCsvCell(layer.columns[k].name)).join(",")}\r\n` : "";
  const last = cells.length - 1;
  for (let i = from; i < to; i++) {
    let line = "";
    for (let k = 0; k < last; k++) line += `${cells[k](i)},`;
    chunk += last >= 0 ? `${line}${cells[last](i)}\r\n` : "\r\n";
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

const BLOCK_BYTES = 1 << 20;
const utf8 = new TextEncoder();

/**
 * {@link typedCsvLines}' bytes (UTF-8), written straight into blocks of about 1 MiB: numbers by
 * number-text.ts (String(x)'s text, no string made), each distinct text of a text column encoded once.
 */
export function* typedCsvBytes(layer: TypedLayer, exclude: readonly string[] = []): Generator<Uint8Array> {
  const data = layerColumnData(layer);
  const picked = layer.length > 0 ? layer.columns.flatMap((c, k) => (exclude.includes(c.name) ? [] : [k])) : [];
  const cols = picked.map((k) => data[k]);
  const texts = cols.map((d) => (d.kind === "text" ? d.dict.map((t) => utf8.encode(formatCsvCell(t))) : null));
  let block = new Uint8Array(BLOCK_BYTES);
  let at = utf8.encodeInto(`${picked.map((k) => formatCsvCell(layer.columns[k].name)).join(",")}\r\n`, block).written;
  for (let i = 0; i < layer.length; i++) {
    for (let c = 0; c < cols.length; c++) {
      const d = cols[c];
      const cell = d.kind === "text" ? (texts[c] as Uint8Array[])[d.codes[i]] : d.kind === "any" ? utf8.encode(formatCsvCell(d.values[i])) : null;
      // room for the cell (a number is at most 25 bytes), its comma and the line end
      const need = (cell === null ? 32 : cell.length) + 3;
      if (at + need > block.length) {
        yield block.subarray(0, at);
        block = new Uint8Array(Math.max(BLOCK_BYTES, 2 * need));
        at = 0;
      }
      if (c > 0) block[at++] = 44; // ","
      if (cell !== null) {
        block.set(cell, at);
        at += cell.length;
      } else {
        const x = (d as { values: Float64Array }).values[i];
        if (finite(x)) at = writeNumberText(block, at, x); // non-finite: an empty cell
      }
    }
    if (at + 2 > block.length) {
      yield block.subarray(0, at);
      block = new Uint8Array(BLOCK_BYTES);
      at = 0;
    }
    block[at++] = 13;
    block[at++] = 10;
  }
  if (at > 0) yield block.subarray(0, at);
}
