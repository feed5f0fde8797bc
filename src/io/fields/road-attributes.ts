import type { RoadRecord } from "./records.ts";
import { stringProp } from "../json/validate-geojson.ts";

const ID = ["id"];
const NAME = ["name", "ref"];
const CLASS = ["class", "highway"];

/** The attributes of a road feature from its properties and feature id (see readRoads). */
export function roadAttributes(p: Record<string, unknown>, featureId: unknown, index: number): Pick<RoadRecord, "id" | "name" | "class" | "bridge" | "tunnel" | "layer" | "oneway"> {
  const layer = Number(p.layer ?? 0);
  return {
    // the fallback id only when the properties give none (stringProp never returns ""): a million roads
    // would otherwise build a million "road-N" strings to throw away
    id: stringProp(p, ID, "") || (typeof featureId === "string" || typeof featureId === "number" ? String(featureId) : `road-${index}`),
    name: stringProp(p, NAME, ""),
    class: stringProp(p, CLASS, "unknown"),
    bridge: isYes(p.bridge),
    tunnel: isYes(p.tunnel),
    layer: Number.isFinite(layer) ? Math.max(-128, Math.min(127, Math.round(layer))) : 0,
    oneway: onewayOf(p.oneway),
  };
}

function isYes(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === "string" && v !== "no" && v !== "false" && v !== "0" && v !== "");
}

/** OSM `oneway`: "yes"/"true"/"1"/true → 1, "-1"/"reverse" → -1, anything else (incl. "no", absent) → 0. */
function onewayOf(v: unknown): -1 | 0 | 1 {
  if (v === true || v === 1 || v === "yes" || v === "true" || v === "1") return 1;
  if (v === -1 || v === "-1" || v === "reverse") return -1;
  return 0;
}
