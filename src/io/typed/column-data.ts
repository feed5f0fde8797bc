/**
 * A typed layer's columns (io/write/typed-layer.ts) read once into typed arrays, so every writer of the
 * layer (FlatGeobuf's column types and features, CSV, GeoJSON) and the map's merged stretches share one
 * pass over the values instead of computing each value (rounding included) once per pass: at 864k lixels
 * × 29 columns that pass was a third of the lixel layer's time. A column is held as
 * - `number`: every feature's value is a number (finite or not), in a Float64Array;
 * - `text`: every value is a string or null, as codes into a dictionary of the distinct values (a lixel's
 *   road id, name, class, colour), so a writer formats each distinct text once, not once per feature;
 * - `any`: anything else (undefined, booleans, objects, a mix), the values as they are.
 * The arrays are on SharedArrayBuffers, so a worker thread can read them without a copy. The values are
 * exactly those of `column.value(i)`: nothing is rounded or converted here.
 */
import type { TypedColumn, TypedLayer } from "../write/typed-layer.ts";

export type ColumnData =
  | { readonly kind: "number"; readonly values: Float64Array }
  | { readonly kind: "text"; readonly codes: Int32Array; readonly dict: readonly (string | null)[] }
  | { readonly kind: "any"; readonly values: readonly unknown[] };

const CACHE = new WeakMap<TypedLayer, ColumnData[]>();

/** Every column of the layer as {@link ColumnData}, read on the first call and kept with the layer. */
export function layerColumnData(layer: TypedLayer): readonly ColumnData[] {
  let data = CACHE.get(layer);
  if (!data) CACHE.set(layer, (data = layer.columns.map((c) => readColumn(c, layer.length))));
  return data;
}

/** A layer whose columns are already read (e.g. sent to a worker thread) answers from them. */
export function adoptColumnData(layer: TypedLayer, data: ColumnData[]): void {
  CACHE.set(layer, data);
}

/** Let the layer's column data go (its writers are done): the next read reads the columns again. */
export function forgetColumnData(layer: TypedLayer): void {
  CACHE.delete(layer);
}

/** The value of feature i, as `column.value(i)` gives it. */
export function columnValue(d: ColumnData, i: number): unknown {
  return d.kind === "number" ? d.values[i] : d.kind === "text" ? d.dict[d.codes[i]] : d.values[i];
}

function readColumn(c: TypedColumn, n: number): ColumnData {
  const first = n > 0 ? c.value(0) : 0;
  if (typeof first === "number") {
    const values = new Float64Array(new SharedArrayBuffer(8 * n));
    let i = 0;
    for (; i < n; i++) {
      const v = c.value(i);
      if (typeof v !== "number") break;
      values[i] = v;
    }
    if (i === n) return { kind: "number", values };
  } else if (typeof first === "string" || first === null) {
    const codes = new Int32Array(new SharedArrayBuffer(4 * n));
    const dict: (string | null)[] = [];
    const index = new Map<string | null, number>();
    let last: unknown;
    let lastCode = -1;
    let i = 0;
    for (; i < n; i++) {
      const v = c.value(i);
      // neighbouring lixels mostly share a road: the identity check spares most Map lookups
      if (v !== last || lastCode < 0) {
        if (typeof v !== "string" && v !== null) break;
        let code = index.get(v);
        if (code === undefined) {
          code = dict.length;
          dict.push(v);
          index.set(v, code);
        }
        last = v;
        lastCode = code;
      }
      codes[i] = lastCode;
    }
    if (i === n) return { kind: "text", codes, dict };
  }
  return { kind: "any", values: Array.from({ length: n }, (_, i) => c.value(i)) };
}
