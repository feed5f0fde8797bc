/**
 * Well-Known Binary (OGC Simple Features §8.2, little-endian, 2D) for the geometry types minerisk writes.
 * Hand-written: ~40 lines for four types, where the npm WKB packages are unmaintained (wkx) or pull in a
 * whole loader framework. GeoParquet stores geometries this way.
 */
import type { Geometry, Position } from "./format-geojson.ts";

const TYPE_CODE = { Point: 1, LineString: 2, Polygon: 3, MultiPolygon: 6 } as const;

function byteLength(g: Geometry): number {
  switch (g.type) {
    case "Point":
      return 5 + 16;
    case "LineString":
      return 9 + 16 * g.coordinates.length;
    case "Polygon":
      return 9 + g.coordinates.reduce((n, ring) => n + 4 + 16 * ring.length, 0);
    case "MultiPolygon":
      return 9 + g.coordinates.reduce((n, p) => n + byteLength({ type: "Polygon", coordinates: p }), 0);
  }
}

/** `g` as WKB bytes; coordinates rounded to `precision` decimals as the GeoJSON writer rounds them. */
export function toWkb(g: Geometry, precision = 6): Uint8Array {
  const out = new Uint8Array(byteLength(g));
  const view = new DataView(out.buffer);
  const f = 10 ** precision;
  let at = 0;
  const u32 = (v: number) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const head = (code: number) => {
    view.setUint8(at++, 1); // little-endian
    u32(code);
  };
  const points = (ps: readonly Position[]) => {
    for (const [x, y] of ps) {
      view.setFloat64(at, Math.round(x * f) / f + 0, true);
      view.setFloat64(at + 8, Math.round(y * f) / f + 0, true);
      at += 16;
    }
  };
  const polygon = (rings: readonly Position[][]) => {
    head(TYPE_CODE.Polygon);
    u32(rings.length);
    for (const r of rings) {
      u32(r.length);
      points(r);
    }
  };
  if (g.type === "Point") {
    head(TYPE_CODE.Point);
    points([g.coordinates]);
  } else if (g.type === "LineString") {
    head(TYPE_CODE.LineString);
    u32(g.coordinates.length);
    points(g.coordinates);
  } else if (g.type === "Polygon") polygon(g.coordinates);
  else {
    head(TYPE_CODE.MultiPolygon);
    u32(g.coordinates.length);
    for (const p of g.coordinates) polygon(p);
  }
  return out;
}
