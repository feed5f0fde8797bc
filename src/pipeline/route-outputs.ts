/**
 * The files a convoy planner loads into QGIS or a GPS after `minerisk route --out DIR`: every route
 * (the main one first, then the alternatives) as a styled layer (GeoJSON + FlatGeobuf + .qml) and as GPX
 * tracks, the main route's worst stretches as a layer, and optional chainage markers every N km along
 * the main route (layer and GPX waypoints). Each layer gets its NAME.meta.json sidecar, as `analyze`'s do.
 */
import { schematicKmBefore } from "./scored-network.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { OutFeature } from "../io/write/format-geojson.ts";
import { routeFeatures, worstStretchFeatures } from "../io/layers/route-layers.ts";
import { toLonLat } from "../io/layers/layers.ts";
import { qmlStyle } from "../io/write/styles.ts";
import { type GpxWaypoint, writeGpx } from "../io/write/write-gpx.ts";
import { type WrittenFile, writeLayer, writeSidecar } from "../io/write/write-layer.ts";
import { fileDigest, type OutputMeta } from "../io/write/write-meta.ts";
import type { RouteRun } from "./route-run.ts";

export interface RouteOutputOptions {
  /** Put a chainage marker every this many km along the main route; undefined or 0 = none. */
  chainageEveryKm?: number;
  /** Route options to record in the sidecars. */
  options: Record<string, unknown>;
  toolkit: string;
  version: string;
}

/** Points every `stepM` metres along a planar polyline (from its start, the start itself excluded), with their chainage in metres. */
export function chainagePoints(xy: Float64Array, stepM: number): { x: number; y: number; atM: number }[] {
  const out: { x: number; y: number; atM: number }[] = [];
  let acc = 0;
  let next = stepM;
  for (let v = 0; v + 3 < xy.length; v += 2) {
    const dx = xy[v + 2] - xy[v];
    const dy = xy[v + 3] - xy[v + 1];
    const len = Math.hypot(dx, dy);
    while (len > 0 && next <= acc + len) {
      const t = (next - acc) / len;
      out.push({ x: xy[v] + t * dx, y: xy[v + 1] + t * dy, atM: next });
      next += stepM;
    }
    acc += len;
  }
  return out;
}

/** Write the route layers and route.gpx into `dir`; returns every file written. */
export function writeRouteOutputs(dir: string, run: RouteRun, inputs: readonly string[], protect: readonly string[], options: RouteOutputOptions): WrittenFile[] {
  const { dataset } = run;
  const meta: Omit<OutputMeta, "outputs"> = {
    toolkit: options.toolkit,
    version: options.version,
    inputs: inputs.filter((f) => existsSync(f)).map(fileDigest),
    options: options.options,
    workingCrs: { name: dataset.crs.name, definition: dataset.crs.definition },
  };
  const routes: OutFeature[] = run.routes.map((r, i) => {
    const [f] = routeFeatures(dataset, { from: run.from, to: run.to, path: r.path, report: r.report });
    const style = i === 0 ? {} : { stroke: "#6a3d9a", "stroke-width": 3 };
    return { ...f, properties: { rank: i + 1, role: i === 0 ? "main" : "alternative", ...f.properties, schematicKm: Math.round(r.schematicKm * 1000) / 1000, ...style } };
  });
  const formats = ["geojson", "fgb"] as const;
  const written: WrittenFile[] = [];
  for (const w of writeLayer(dir, "route", routes, { formats, qml: qmlStyle("route"), protect, meta })) written.push(w);
  const main = run.routes[0];
  for (const w of writeLayer(dir, "worst-stretches", worstStretchFeatures(dataset, main, schematicKmBefore(main.path, run)), { formats, qml: qmlStyle("worst-stretches"), protect, meta })) written.push(w);
  const waypoints: GpxWaypoint[] = [];
  const everyKm = options.chainageEveryKm ?? 0;
  if (everyKm > 0) {
    const points = chainagePoints(main.path.xy, everyKm * 1000);
    const ll = points.length ? toLonLat(dataset, Float64Array.from(points.flatMap((p) => [p.x, p.y]))) : [];
    const before = schematicKmBefore(main.path, run);
    const label = (atM: number) => `km ${(atM / 1000).toFixed(everyKm < 1 ? 1 : 0)}${before(atM / 1000) > 0 ? " (approx.)" : ""}`;
    const features: OutFeature[] = points.map((p, i) => ({
      type: "Feature",
      properties: { km: Math.round(p.atM) / 1000, label: label(p.atM), schematicKmBefore: Math.round(before(p.atM / 1000) * 1000) / 1000, "marker-color": "#1f78b4", "marker-size": "small" },
      geometry: { type: "Point", coordinates: ll[i] },
    }));
    for (let i = 0; i < points.length; i++) {
      const sk = before(points[i].atM / 1000);
      const note = sk > 0 ? ` (approximate: measured over ${sk.toFixed(1)} km of schematic geometry)` : "";
      waypoints.push({ name: label(points[i].atM), description: `chainage from ${run.from.name}${note}`, lon: ll[i][0], lat: ll[i][1] });
    }
    for (const w of writeLayer(dir, "chainage", features, { formats, protect, meta })) written.push(w);
  }
  const tracks = routes.map((f, i) => ({
    name: `${i === 0 ? "Route" : `Alternative ${i}`}: ${run.from.name} → ${run.to.name}`,
    description: `${f.properties.lengthKm} km; expected incidents per year ${f.properties.expectedIncidentsPerYear} (minerisk estimate from recorded incidents; not a safety certificate)`,
    coordinates: (f.geometry as { coordinates: [number, number][] }).coordinates,
  }));
  writeGpx(join(dir, "route.gpx"), tracks, waypoints, protect);
  writeSidecar(dir, "route-gpx", [{ file: "route.gpx", features: tracks.length }], meta, protect);
  written.push({ file: "route.gpx", features: tracks.length }, { file: "route-gpx.meta.json" });
  return written;
}
