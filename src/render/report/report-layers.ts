/**
 * What the report's map draws, kept small at any scale (a national run has 160k lixels and 15k
 * incidents; the report must stay a file people can e-mail): consecutive lixels of one road in one risk
 * class become one stretch, simplified for display (Douglas–Peucker, @turf/simplify, tolerance 1/4000
 * of the data's extent, ≈ 0.3 px on the report's map at full extent); incidents keep only the fields the
 * map shows. Full detail stays in the layers.
 */
import simplify from "@turf/simplify";
import { polylineBox } from "../../core/math.ts";
import type { OutFeature, Position } from "../../io/write/format-geojson.ts";
import { isTypedLayer, type TypedLayer, typedGeometry } from "../../io/write/typed-layer.ts";
import { columnValue, layerColumnData } from "../../io/typed/column-data.ts";

/** Lixel features as an array or a typed layer (io/write/typed-layer.ts), read by index. */
type Lixels = readonly OutFeature[] | TypedLayer;

/** Property `key` of feature i and its line, without building the feature of a typed layer. */
function reader(lixels: Lixels): { prop: (i: number, key: string) => unknown; line: (i: number) => Position[] } {
  if (!isTypedLayer(lixels)) return { prop: (i, key) => lixels[i].properties[key], line: (i) => lixels[i].geometry.coordinates as Position[] };
  // the columns as read once for the writers (io/typed/column-data.ts): no value is computed again here
  const data = layerColumnData(lixels);
  const byName = new Map(lixels.columns.map((c, k) => [c.name, data[k]]));
  return {
    prop: (i, key) => {
      const d = byName.get(key);
      return d === undefined ? undefined : columnValue(d, i);
    },
    line: (i) => typedGeometry(lixels, i).coordinates as Position[],
  };
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The display tolerance, degrees: 1/4000 of the larger side of the features' box. */
export function displayToleranceDeg(features: Lixels): number {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  if (isTypedLayer(features)) {
    // every vertex of a typed layer's lines (a polygon layer has no lines)
    const end = features.geometryType === "LineString" ? features.offsets[features.length] : 0;
    const [bx0, by0, bx1, by1] = polylineBox(features.lonLat, features.offsets[0] ?? 0, end);
    return bx1 >= bx0 ? Math.max(bx1 - bx0, by1 - by0) / 4000 : 0;
  }
  for (const f of features) {
    if (f.geometry.type !== "LineString") continue;
    for (const [x, y] of f.geometry.coordinates) {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 >= x0 ? Math.max(x1 - x0, y1 - y0) / 4000 : 0;
}

/**
 * Merge runs of lixel features (as written by io/layers lixelFeatures, in road order) that share road and
 * risk class and touch (one's toKm is the next one's fromKm), then simplify each run. A stretch keeps its
 * road, km range, class, colour, width, geometry quality and its highest and length-weighted mean rate.
 */
export function displayStretches(lixels: Lixels, toleranceDeg = displayToleranceDeg(lixels)): OutFeature[] {
  const out: OutFeature[] = [];
  const { prop, line: lineAt } = reader(lixels);
  let i = 0;
  while (i < lixels.length) {
    const roadId = prop(i, "roadId");
    const riskClass = prop(i, "riskClass");
    const geometryQuality = prop(i, "geometryQuality");
    const coords: Position[] = lineAt(i).slice();
    let lengthM = Number(prop(i, "lengthM")) || 0;
    let rateKm = (Number(prop(i, "ratePerKmYear")) || 0) * lengthM;
    let maxRate = Number(prop(i, "ratePerKmYear")) || 0;
    let toKm = prop(i, "toKm");
    let j = i + 1;
    for (; j < lixels.length; j++) {
      if (prop(j, "roadId") !== roadId || prop(j, "riskClass") !== riskClass || prop(j, "fromKm") !== toKm || prop(j, "geometryQuality") !== geometryQuality) break;
      const next = lineAt(j);
      for (let k = 1; k < next.length; k++) coords.push(next[k]);
      const len = Number(prop(j, "lengthM")) || 0;
      lengthM += len;
      rateKm += (Number(prop(j, "ratePerKmYear")) || 0) * len;
      maxRate = Math.max(maxRate, Number(prop(j, "ratePerKmYear")) || 0);
      toKm = prop(j, "toKm");
    }
    // simplified in place (mutate): the line and its array are this function's own, and no position is changed
    const line = { type: "LineString" as const, coordinates: coords };
    const simple = toleranceDeg > 0 && coords.length > 2 ? (simplify(line, { tolerance: toleranceDeg, highQuality: false, mutate: true }) as typeof line) : line;
    out.push({
      type: "Feature",
      properties: {
        roadId,
        roadName: prop(i, "roadName"),
        fromKm: prop(i, "fromKm"),
        toKm,
        lixels: j - i,
        riskClass,
        maxRatePerKmYear: maxRate,
        meanRatePerKmYear: lengthM > 0 ? Number((rateKm / lengthM).toPrecision(6)) : 0,
        geometryQuality,
        stroke: prop(i, "stroke"),
        "stroke-width": prop(i, "stroke-width"),
      },
      geometry: { type: "LineString", coordinates: simple.coordinates.map(([x, y]) => [r6(x), r6(y)]) },
    });
    i = j;
  }
  return out;
}

const INCIDENT_MAP_FIELDS = ["id", "date", "device", "killed", "injured", "nearestRoadName", "chainageKm", "marker-color"];

/** Incidents with only the fields the map's click panel shows (the table and the layers keep the rest). */
export function displayIncidents(incidents: readonly OutFeature[]): OutFeature[] {
  return incidents.map((f) => ({
    type: "Feature",
    properties: Object.fromEntries(INCIDENT_MAP_FIELDS.filter((k) => f.properties[k] !== undefined).map((k) => [k, f.properties[k]])),
    geometry: f.geometry,
  }));
}
