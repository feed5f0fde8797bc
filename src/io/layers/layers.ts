import { basename } from "node:path";
import { HAZARD_COLOURS } from "../../core/hazard-set.ts";
import { dayToIso } from "../../core/incident-set.ts";
import { RISK_CLASSES } from "../../analyses/risk/risk-classes.ts";
import { roundSignificant6 } from "../../core/significant.ts";
import type { Dataset } from "../read/build-dataset.ts";
import type { OutFeature, Position } from "../write/format-geojson.ts";
import { type TypedColumn, type TypedLayer, typedLayer } from "../write/typed-layer.ts";
import type { AnalysisInputs } from "./layer-inputs.ts";

/** simplestyle-spec stroke colours per risk class (ColorBrewer RdYlBu-derived; grey = no record). */
export const RISK_CLASS_COLOURS: readonly string[] = ["#9e9e9e", "#fee08b", "#fdae61", "#f46d43", "#a50026"];

/**
 * Incident symbol per device (index = DEVICES code): a colour for simplestyle `marker-color` and the
 * QGIS/SVG maps, and a QGIS simple-marker shape, so devices differ by shape as well as colour (legible
 * for colour-blind readers and in greyscale print).
 */
export const DEVICE_STYLES: readonly { device: string; colour: string; shape: "triangle" | "circle" | "diamond" | "square" | "star" | "cross2" }[] = [
  { device: "anti-tank", colour: "#7b3294", shape: "triangle" },
  { device: "anti-personnel", colour: "#d7191c", shape: "circle" },
  { device: "IED", colour: "#e66101", shape: "diamond" },
  { device: "UXO/ERW", colour: "#0571b0", shape: "square" },
  { device: "cluster", colour: "#008837", shape: "star" },
  { device: "unknown", colour: "#404040", shape: "cross2" },
];

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
// roundSignificant6 is Number(v.toPrecision(6)) without the string (core/significant.ts): the same doubles
const sig = roundSignificant6;

/** Interleaved working-CRS coordinates → WGS84 positions. */
export function toLonLat(dataset: Dataset, xy: Float64Array): Position[] {
  const ll = dataset.crs.inverse(Float64Array.from(xy));
  const out: Position[] = [];
  for (let i = 0; i < ll.length; i += 2) out.push([ll[i], ll[i + 1]]);
  return out;
}

/**
 * One LineString per lixel with every score component (DESIGN: "every component is exposed, not only
 * the total"), chainage along the source road, and simplestyle stroke by risk class: the features of
 * {@link lixelLayer}, built as objects (small runs, the `map` command, tests).
 */
export function lixelFeatures(a: AnalysisInputs): OutFeature[] {
  const layer = lixelLayer(a);
  return Array.from({ length: layer.length }, (_, i) => layer.at(i) as OutFeature);
}

/**
 * The lixel layer as columns over the run's typed arrays (io/write/typed-layer.ts): the writers stream it
 * to bytes without one object per lixel, `at(i)` builds lixel i's feature.
 */
export function lixelLayer(a: AnalysisInputs): TypedLayer {
  const { dataset, network, lixels, proximity, risk } = a;
  const roads = network.roads;
  // every vertex unprojected in one call (proj4 works point by point, so the numbers are the same)
  // on shared memory, so a writer thread can read the vertices without a copy (pipeline/write-helper.ts)
  const ll = a.lixelLonLat ?? unprojected(dataset.crs, lixels.xy);
  const road = lixels.road;
  const fromM = (i: number) => roads.startM[road[i]] + lixels.fromM[i];
  const quality = roads.ids.map((_, r) => {
    const q = dataset.roadRecords[roads.featureIndex[r]].properties.geometry_quality;
    return typeof q === "string" ? q : "as given";
  });
  const ex = risk.exposure;
  const firstLixel = a.firstLixel ?? 0;
  const columns: TypedColumn[] = [
    { name: "lixel", value: (i) => firstLixel + i },
    { name: "roadId", value: (i) => roads.ids[road[i]] },
    { name: "roadName", value: (i) => roads.names[road[i]] },
    { name: "fromKm", value: (i) => r3(fromM(i) / 1000) },
    { name: "toKm", value: (i) => r3((fromM(i) + lixels.lengthM[i]) / 1000) },
    { name: "lengthM", value: (i) => r3(lixels.lengthM[i]) },
    { name: "ratePerKmYear", value: (i) => sig(risk.ratePerKmYear[i]) },
    { name: "riskClass", value: (i) => RISK_CLASSES[risk.riskClass[i]] },
    { name: "incidentRatePerKmYear", value: (i) => sig(risk.incidentRatePerKmYear[i]) },
    { name: "localRatePerKmYear", value: (i) => sig(risk.localRatePerKmYear[i]) },
    { name: "networkRatePerKmYear", value: (i) => sig(risk.networkRatePerKmYear[i]) },
    { name: "regionalRatePerKmYear", value: (i) => sig(risk.regionalRatePerKmYear[i]) },
    { name: "hazardRatePerKmYear", value: (i) => sig(risk.hazardRatePerKmYear[i]) },
    { name: "casualtyRatePerKmYear", value: (i) => sig(risk.casualtyRatePerKmYear[i]) },
    { name: "confirmedHazardShare", value: (i) => r6(ex.confirmedShare[i]) },
    { name: "suspectedHazardShare", value: (i) => r6(ex.suspectedShare[i]) },
    { name: "nearestHazardM", value: (i) => r3(ex.nearestHazardM[i]) },
    { name: "nearestIncidentM", value: (i) => r3(proximity.nearestIncidentM[i]) },
    { name: "nearestIncidentId", value: (i) => (proximity.nearestIncident[i] >= 0 ? dataset.incidents.ids[proximity.nearestIncident[i]] : null) },
    ...proximity.radiiM.map((rad, k): TypedColumn => ({ name: `incidentsWithin${rad}m`, value: (i) => proximity.countWithin[k][i] })),
    { name: "geometryQuality", value: (i) => quality[road[i]] },
    ...covariateColumns(risk),
    { name: "stroke", value: (i) => RISK_CLASS_COLOURS[risk.riskClass[i]] },
    { name: "stroke-width", value: (i) => 1 + risk.riskClass[i] },
  ];
  return typedLayer(lixels.count, columns, "LineString", ll, lixels.start);
}

/** Every vertex unprojected in one call, on shared memory (see lixelLayer). */
export function unprojected(crs: Dataset["crs"], xy: Float64Array): Float64Array {
  const shared = new Float64Array(new SharedArrayBuffer(8 * xy.length));
  shared.set(xy);
  return crs.inverse(shared);
}

/**
 * With a covariate term (analyses/model/covariate-risk.ts): each covariate's value per lixel as β multiplies
 * it, named cov_NAME_SUFFIX (e.g. cov_loc_distance, log(1 + km) to the Line of Contact), and covariateFactor,
 * the lixel's incident part ÷ the kernel model's alone. None without a term, so those layers are unchanged.
 */
function covariateColumns(risk: AnalysisInputs["risk"]): TypedColumn[] {
  const c = risk.covariates;
  if (!c) return [];
  const field = (name: string) => `cov_${name.replace(/: /g, "_").replace(/[^A-Za-z0-9_]+/g, "_")}`;
  return [
    ...c.names.map((name, j): TypedColumn => ({ name: field(name), value: (i) => sig(c.values[j][i]) })),
    { name: "covariateFactor", value: (i) => sig(c.factor[i]) },
  ];
}

/** Incidents at their recorded positions, normalised, with the road they snap to and their model weight. */
export function incidentFeatures(a: AnalysisInputs): OutFeature[] {
  const { dataset, network, snaps, risk } = a;
  const snapped = toLonLat(dataset, interleave(snaps.x, snaps.y));
  const given = a.incidentRoads;
  return dataset.incidentRecords.map((rec, i) => {
    const road = snaps.road[i];
    return {
      type: "Feature",
      properties: {
        id: rec.id,
        date: rec.date,
        datePrecision: rec.datePrecision,
        dateUsed: Number.isNaN(dataset.incidents.dateDay[i]) ? null : dayToIso(dataset.incidents.dateDay[i]),
        device: rec.device,
        killed: rec.killed,
        injured: rec.injured,
        activity: rec.activity,
        source: rec.source,
        locationPrecisionM: rec.locationPrecisionM,
        locationPrecisionSource: rec.locationPrecisionSource,
        kernelReachM: r3(risk.reachM[i]),
        onRoad: rec.onRoad,
        roadShare: r6(risk.roadShare[i]),
        nearestRoadId: given ? given.id[i] : road >= 0 ? network.roads.ids[road] : null,
        nearestRoadName: given ? given.name[i] : road >= 0 ? network.roads.names[road] : null,
        roadOffsetM: r3(snaps.offsetM[i]),
        chainageKm: r3(snaps.chainageM[i] / 1000),
        // a chainage along a hand-drawn road is approximate: say so beside it, not only in the docs
        chainageOnSchematic: given ? given.schematic[i] : road >= 0 ? dataset.roadRecords[network.roads.featureIndex[road]].properties.geometry_quality === "schematic" : null,
        snappedLon: road >= 0 ? r6(snapped[i][0]) : null,
        snappedLat: road >= 0 ? r6(snapped[i][1]) : null,
        // the file's name, not its path: the layer's bytes must not depend on where the inputs live
        sourceFile: basename(rec.file),
        sourceRecord: rec.record, // 1-based, as the intake report numbers records (core/errors.ts RECORD_NUMBERING)
        "marker-color": (DEVICE_STYLES.find((d) => d.device === rec.device) ?? DEVICE_STYLES[DEVICE_STYLES.length - 1]).colour,
        "marker-size": "medium",
        "marker-symbol": "danger",
      },
      geometry: { type: "Point", coordinates: [rec.lon, rec.lat] },
    };
  });
}

/** Non-zero density cells as polygons (the cell's corners unprojected to WGS84), value in incidents/km². */
export function densityFeatures(a: AnalysisInputs): OutFeature[] {
  const { features } = densityLayer(a);
  return Array.from({ length: features.length }, (_, i) => features.at(i) as OutFeature);
}

/**
 * The features of {@link densityFeatures} as a typed layer (io/write/typed-layer.ts), streamed to bytes
 * without one object per cell, and the largest `densityPerKm2` among them (0 for none): typed arrays
 * hold the cells' corners (unprojected in one call), so a grid of millions of cells never exists as
 * millions of objects.
 */
export function densityLayer(a: AnalysisInputs): { features: TypedLayer; maxDensityPerKm2: number } {
  const { dataset, density: g } = a;
  let max = 0;
  let count = 0;
  for (const v of g.values) {
    if (v > max) max = v;
    if (v > 0) count++;
  }
  const cells = new Int32Array(count);
  const corners = new Float64Array(10 * count);
  for (let k = 0, j = 0; k < g.values.length; k++) {
    if (!(g.values[k] > 0)) continue;
    const r = Math.floor(k / g.ncols);
    const x0 = g.minX + (k - r * g.ncols) * g.cellSizeM;
    const y0 = g.minY + r * g.cellSizeM;
    const x1 = x0 + g.cellSizeM;
    const y1 = y0 + g.cellSizeM;
    cells[j] = k;
    corners.set([x0, y0, x1, y0, x1, y1, x0, y1, x0, y0], 10 * j++);
  }
  dataset.crs.inverse(corners);
  const offsets = new Float64Array(count + 1);
  for (let j = 0; j <= count; j++) offsets[j] = 5 * j;
  const row = (j: number) => Math.floor(cells[j] / g.ncols);
  const columns: TypedColumn[] = [
    { name: "row", value: row },
    { name: "col", value: (j) => cells[j] - row(j) * g.ncols },
    { name: "densityPerKm2", value: (j) => sig(g.values[cells[j]]) },
    { name: "fill", value: () => "#d7301f" },
    { name: "fill-opacity", value: (j) => r3(0.1 + 0.7 * (g.values[cells[j]] / max)) },
    { name: "stroke-width", value: () => 0 },
  ];
  return { features: typedLayer(count, columns, "Polygon", corners, offsets), maxDensityPerKm2: count > 0 ? sig(max) : 0 };
}

/** Hazard areas as given, with IMSMA land-release colours at 50 % fill. */
export function hazardFeatures(dataset: Dataset): OutFeature[] {
  return dataset.hazardRecords.map((h) => ({
    type: "Feature",
    properties: { id: h.id, status: h.status, fill: HAZARD_COLOURS[h.status], "fill-opacity": 0.5, stroke: HAZARD_COLOURS[h.status] },
    geometry: h.polygons.length === 1 ? { type: "Polygon", coordinates: h.polygons[0] } : { type: "MultiPolygon", coordinates: h.polygons },
  }));
}

function interleave(x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) {
    // unsnapped incidents carry NaN: project a harmless 0,0 and blank them out in the caller
    out[2 * i] = Number.isNaN(x[i]) ? 0 : x[i];
    out[2 * i + 1] = Number.isNaN(y[i]) ? 0 : y[i];
  }
  return out;
}
