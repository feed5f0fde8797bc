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
export function typedCsvBytes(layer: TypedLayer, exclude: readonly string[] = []): Generator<Uint8Array> {
  return typedCsvBytesOf([layer], layer.length > 0, exclude);
}

/**
 * {@link typedCsvBytes} of the layers one after the other as one table (the blocks of a blocked layer,
 * io/write/blocked-layer.ts): the header once, from the first layer's columns (every layer has the same;
 * none when `rows` is false, the table of no feature, as typedCsvLines writes it), then every layer's rows.
 * One byte buffer goes on from layer to layer, so blocks of any size give the same pieces' bytes.
 */
export function* typedCsvBytesOf(layers: Iterable<TypedLayer>, rows: boolean, exclude: readonly string[] = []): Generator<Uint8Array> {
  let block = new Uint8Array(BLOCK_BYTES);
  let at = 0;
  let headed = false;
  const flush = (need: number): Uint8Array | null => {
    const full = at > 0 ? block.subarray(0, at) : null;
    block = new Uint8Array(Math.max(BLOCK_BYTES, 2 * need));
    at = 0;
    return full;
  };
  const head = (names: string): void => {
    const bytes = utf8.encode(`${names}\r\n`);
    if (bytes.length > block.length) flush(bytes.length);
    block.set(bytes, 0);
    at = bytes.length;
    headed = true;
  };
  for (const layer of layers) {
    const picked = rows ? layer.columns.flatMap((c, k) => (exclude.includes(c.name) ? [] : [k])) : [];
    if (!headed) head(picked.map((k) => formatCsvCell(layer.columns[k].name)).join(","));
    if (layer.length === 0) continue;
    const data = layerColumnData(layer);
    const cols = picked.map((k) => data[k]);
    const texts = cols.map((d) => (d.kind === "text" ? d.dict.map((t) => utf8.encode(formatCsvCell(t))) : null));
    // room one row of number and text cells can need (a number is at most 25 bytes), commas and line end
    // included: checked once per row, not once per cell; a cell of any other kind checks its own room
    let rowRoom = 2 + cols.length;
    for (let c = 0; c < cols.length; c++) {
      const t = texts[c];
      rowRoom += t === null ? 32 : t.reduce((m, b) => Math.max(m, b.length), 0);
    }
    for (let i = 0; i < layer.length; i++) {
      if (at + rowRoom > block.length) {
        const full = flush(rowRoom);
        if (full) yield full;
      }
      for (let c = 0; c < cols.length; c++) {
        const d = cols[c];
        if (c > 0) block[at++] = 44; // ","
        if (d.kind === "number") {
          const x = d.values[i];
          if (finite(x)) at = writeNumberText(block, at, x); // non-finite: an empty cell
        } else {
          const cell = d.kind === "text" ? (texts[c] as Uint8Array[])[d.codes[i]] : utf8.encode(formatCsvCell(d.values[i]));
          // the pieces need not end at a line end: only their bytes in order count
          if (d.kind === "any" && at + cell.length + rowRoom > block.length) {
            const full = flush(cell.length + rowRoom);
            if (full) yield full;
          }
          // short texts byte by byte: cheaper than set() on a few bytes
          if (cell.length <= 16) for (let b = 0; b < cell.length; b++) block[at++] = cell[b];
          else {
            block.set(cell, at);
            at += cell.length;
          }
        }
      }
      block[at++] = 13;
      block[at++] = 10;
    }
  }
  if (!headed) head("");
  if (at > 0) yield block.subarray(0, at);
}
