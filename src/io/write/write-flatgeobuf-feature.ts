/**
 * One FlatGeobuf feature of a typed layer (typed-layer.ts) encoded by hand, with flatgeobuf's own
 * generated `Feature` class and `buildGeometry`, into ONE flatbuffers Builder that is cleared and reused:
 * flatgeobuf's public `buildFeature` allocates a fresh Builder (and a 1 KiB property buffer) per feature,
 * which at 864k lixels was most of the layer's time and garbage. Its property encoding (column index as
 * uint16, then the value: uint8 for Bool, int32 Int, float64 Double, uint32 length + UTF-8 for String and
 * Json) is copied from flatgeobuf 4.5.0 lib/mjs/generic/feature.js, buildFeature. A Builder's bytes depend
 * only on the calls made since its last clear(), never on its capacity, so reuse changes no byte.
 */
import { Builder } from "flatbuffers";
import type { ColumnMeta } from "flatgeobuf/lib/mjs/column-meta.js";
import { ColumnType } from "flatgeobuf/lib/mjs/flat-geobuf/column-type.js";
import { Feature } from "flatgeobuf/lib/mjs/flat-geobuf/feature.js";
import { GeometryType } from "flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js";
import { buildGeometry } from "flatgeobuf/lib/mjs/generic/geometry.js";
import { cleanNumbers } from "./format-geojson.ts";
import { roundedVertices, type TypedLayer, vertexScratch } from "./typed-layer.ts";
import type { ColumnData } from "../typed/column-data.ts";

const textEncoder = new TextEncoder();

/**
 * An encoder of the layer's features with the header's `columns` (each read from `sources`, the column
 * data of the same name): `encode(i)` returns feature i's size-prefixed bytes, a view that the next call
 * overwrites.
 */
export function typedFeatureEncoder(layer: TypedLayer, columns: readonly ColumnMeta[], sources: readonly ColumnData[]): (i: number) => Uint8Array {
  const scratch = vertexScratch(layer);
  // each distinct text of a text column encoded to UTF-8 once (a road's id and name, a class, a colour),
  // all of a column's in one buffer (a road id per road is 1 M texts at bench L: one small array each
  // would be ≈ 100 MB of array objects)
  const utf8 = sources.map((d) => (d.kind === "text" ? textDictionary(d.dict) : null));
  const builder = new Builder(1024);
  let props = new Uint8Array(1024);
  let view = new DataView(props.buffer);
  return (i) => {
    let at = 0;
    const room = (bytes: number) => {
      if (at + bytes < props.length) return;
      const bigger = new Uint8Array(Math.max(props.length + bytes, props.length * 2));
      bigger.set(props);
      props = bigger;
      view = new DataView(props.buffer);
    };
    for (let c = 0; c < columns.length; c++) {
      const d = sources[c];
      const type = columns[c].type;
      if (d.kind === "number") {
        const x = d.values[i];
        if (!Number.isFinite(x)) continue;
        room(10);
        view.setUint16(at, c, true);
        if (type === ColumnType.Int) {
          view.setInt32(at + 2, x, true);
          at += 6;
        } else {
          view.setFloat64(at + 2, x === 0 ? 0 : x, true); // -0 as the object path's cleanNumbers writes it
          at += 10;
        }
        continue;
      }
      if (d.kind === "text") {
        const dict = utf8[c] as TextDictionary;
        const code = d.codes[i];
        if (dict.isNull[code]) continue;
        const from = dict.starts[code];
        const length = dict.starts[code + 1] - from;
        room(6 + length);
        view.setUint16(at, c, true);
        view.setUint32(at + 2, length, true);
        for (let b = 0; b < length; b++) props[at + 6 + b] = dict.bytes[from + b];
        at += 6 + length;
        continue;
      }
      let v = d.values[i];
      if (v === undefined || v === null || (typeof v === "number" && !Number.isFinite(v))) continue;
      if (v === 0) v = 0; // -0 as the object path's cleanNumbers writes it
      room(2);
      view.setUint16(at, c, true);
      at += 2;
      if (type === ColumnType.Bool) {
        room(1);
        view.setUint8(at, v ? 1 : 0);
        at += 1;
      } else if (type === ColumnType.Int) {
        room(4);
        view.setInt32(at, v as number, true);
        at += 4;
      } else if (type === ColumnType.Double) {
        room(8);
        view.setFloat64(at, v as number, true);
        at += 8;
      } else {
        const text = type === ColumnType.String && typeof v === "string" ? v : JSON.stringify(cleanNumbers(v));
        // UTF-8 straight into the scratch buffer (at most 3 bytes per UTF-16 unit), no array per string
        room(4 + 3 * text.length);
        const { written } = textEncoder.encodeInto(text, props.subarray(at + 4));
        view.setUint32(at, written, true);
        at += 4 + written;
      }
    }
    builder.clear();
    // flatbuffers' createByteVector writes the bytes Feature.createPropertiesVector writes one addInt8 at a
    // time (the same startVector, the bytes at the same place, the same endVector), in one copy
    const propsOffset = at > 0 ? builder.createByteVector(props.subarray(0, at)) : 0;
    const m = roundedVertices(layer, i, 6, scratch);
    const type = layer.geometryType === "LineString" ? GeometryType.LineString : GeometryType.Polygon;
    const geometryOffset = buildGeometry(builder, { xy: scratch.subarray(0, 2 * m) as unknown as number[], type, ends: undefined, parts: undefined } as never);
    Feature.startFeature(builder);
    Feature.addGeometry(builder, geometryOffset);
    if (propsOffset) Feature.addProperties(builder, propsOffset);
    builder.finishSizePrefixed(Feature.endFeature(builder));
    return builder.asUint8Array();
  };
}

/** A column's distinct texts in UTF-8, text k the bytes [starts[k], starts[k + 1]) of `bytes`. */
interface TextDictionary {
  bytes: Uint8Array;
  starts: Int32Array;
  isNull: Uint8Array;
}

function textDictionary(dict: readonly (string | null)[]): TextDictionary {
  let bytes = new Uint8Array(1 << 16);
  const starts = new Int32Array(dict.length + 1);
  const isNull = new Uint8Array(dict.length);
  let at = 0;
  dict.forEach((t, k) => {
    starts[k] = at;
    if (t === null) {
      isNull[k] = 1;
      return;
    }
    if (at + 3 * t.length > bytes.length) {
      const bigger = new Uint8Array(Math.max(2 * bytes.length, at + 3 * t.length));
      bigger.set(bytes.subarray(0, at));
      bytes = bigger;
    }
    at += textEncoder.encodeInto(t, bytes.subarray(at)).written;
  });
  starts[dict.length] = at;
  return { bytes, starts, isNull };
}
