/**
 * What the report's map draws, kept small at any scale (a national run has 160k lixels and 15k
 * incidents; the report must stay a file people can e-mail): consecutive lixels of one road in one risk
 * class become one stretch, simplified for display (Douglas–Peucker, @turf/simplify, tolerance 1/4000
 * of the data's extent, ≈ 0.3 px on the report's map at full extent); incidents keep only the fields the
 * map shows. Full detail stays in the layers.
 */
import simplify from "@turf/simplify";
import type { OutFeature, Position } from "../../io/write/format-geojson.ts";

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The display tolerance, degrees: 1/4000 of the larger side of the features' box. */
export function displayToleranceDeg(features: readonly OutFeature[]): number {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
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
export function displayStretches(lixels: readonly OutFeature[], toleranceDeg = displayToleranceDeg(lixels)): OutFeature[] {
  const out: OutFeature[] = [];
  let i = 0;
  while (i < lixels.length) {
    const p = lixels[i].properties;
    const coords: Position[] = (lixels[i].geometry.coordinates as Position[]).slice();
    let lengthM = Number(p.lengthM) || 0;
    let rateKm = (Number(p.ratePerKmYear) || 0) * lengthM;
    let maxRate = Number(p.ratePerKmYear) || 0;
    let toKm = p.toKm;
    let j = i + 1;
    for (; j < lixels.length; j++) {
      const q = lixels[j].properties;
      if (q.roadId !== p.roadId || q.riskClass !== p.riskClass || q.fromKm !== toKm || q.geometryQuality !== p.geometryQuality) break;
      const next = lixels[j].geometry.coordinates as Position[];
      for (let k = 1; k < next.length; k++) coords.push(next[k]);
      const len = Number(q.lengthM) || 0;
      lengthM += len;
      rateKm += (Number(q.ratePerKmYear) || 0) * len;
      maxRate = Math.max(maxRate, Number(q.ratePerKmYear) || 0);
      toKm = q.toKm;
    }
    const line = { type: "LineString" as const, coordinates: coords };
    const simple = toleranceDeg > 0 && coords.length > 2 ? (simplify(line, { tolerance: toleranceDeg, highQuality: false }) as typeof line) : line;
    out.push({
      type: "Feature",
      properties: {
        roadId: p.roadId,
        roadName: p.roadName,
        fromKm: p.fromKm,
        toKm,
        lixels: j - i,
        riskClass: p.riskClass,
        maxRatePerKmYear: maxRate,
        meanRatePerKmYear: lengthM > 0 ? Number((rateKm / lengthM).toPrecision(6)) : 0,
        geometryQuality: p.geometryQuality,
        stroke: p.stroke,
        "stroke-width": p["stroke-width"],
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
