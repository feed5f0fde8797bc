import { slicePolyline } from "../../core/math.ts";
import type { CorridorReport } from "../../analyses/routing/corridor-report.ts";
import type { RoutePath } from "../../analyses/routing/shortest-path.ts";
import type { Dataset } from "../read/build-dataset.ts";
import type { OutFeature } from "../write/format-geojson.ts";
import type { Place } from "../places/gazetteer.ts";
import { toLonLat } from "./layers.ts";

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const sig = (v: number) => Number(v.toPrecision(6));

/** The route as one LineString carrying the corridor summary. */
export function routeFeatures(dataset: Dataset, route: { from: Place; to: Place; path: RoutePath; report: CorridorReport }): OutFeature[] {
  const { from, to, path, report } = route;
  const kmByClass: Record<string, number> = {};
  for (const [k, v] of Object.entries(report.kmByClass)) kmByClass[k] = r3(v);
  return [
    {
      type: "Feature",
      properties: {
        from: from.name,
        to: to.name,
        lengthKm: r3(report.lengthM / 1000),
        expectedIncidentsPerYear: sig(report.expectedIncidentsPerYear),
        kmByClass,
        snapFromM: r3(path.snapFromM),
        snapToM: r3(path.snapToM),
        stroke: "#1f78b4",
        "stroke-width": 4,
      },
      geometry: { type: "LineString", coordinates: toLonLat(dataset, path.xy) },
    },
  ];
}

/** The worst stretches of the route as LineStrings, ranked, with chainage from the route's start. */
export function worstStretchFeatures(
  dataset: Dataset,
  route: { path: RoutePath; report: CorridorReport },
  /** Km of schematic geometry before a chainage (pipeline/scored-network.ts); default none. */
  schematicKmBefore: (km: number) => number = () => 0,
): OutFeature[] {
  return route.report.worstStretches.map((s, rank) => ({
    type: "Feature",
    properties: {
      rank: rank + 1,
      fromKm: r3(s.fromKm),
      toKm: r3(s.toKm),
      ratePerKmYear: sig(s.ratePerKmYear),
      expectedIncidentsPerYear: sig(s.expectedIncidentsPerYear),
      roadNames: s.roadNames.join(", "),
      schematicKmBefore: r3(schematicKmBefore(s.toKm)),
      stroke: "#a50026",
      "stroke-width": 6,
    },
    geometry: { type: "LineString", coordinates: toLonLat(dataset, slicePolyline(route.path.xy, s.fromKm * 1000, s.toKm * 1000)) },
  }));
}
