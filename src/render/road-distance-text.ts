import type { RunSummary } from "./run-summary.ts";

const km = (m: number | null) => (m === null ? "n/a" : m < 10_000 ? (m / 1000).toFixed(1) : Math.round(m / 1000).toLocaleString("en-US"));
const n = (v: number) => v.toLocaleString("en-US");

/**
 * The summary's first lines about where the records lie: a WARNING per layer with records beyond the model's
 * largest kernel reach from every road (they shape no road's rate; most of a layer that far means a wrong
 * axis order, CRS or file), then one line with the nearest-road distance range of each layer.
 */
export function roadDistanceLines(s: RunSummary): string[] {
  const d = s.roadDistance;
  const lines: string[] = [];
  const parts: string[] = [];
  for (const [name, part] of [["incidents", d.incidents], ["hazard areas", d.hazards]] as const) {
    if (part.count === 0) continue;
    parts.push(`${name} ${km(part.minM)}–${km(part.maxM)} km (median ${km(part.medianM)} km)`);
    if (part.beyondReach === 0) continue;
    const most = 2 * part.beyondReach > part.count;
    const ids = part.beyondIds.slice(0, 5).join(", ") + (part.beyondReach > 5 ? ", …" : "");
    lines.push(`WARNING: ${n(part.beyondReach)} of ${n(part.count)} ${name} lie farther than the model's largest kernel reach (${km(d.reachM)} km) from every road, up to ${km(part.maxM)} km: they shape no road's rate (${ids})${most ? ". That is most of the layer: check the axis order ([lon, lat]), the input CRS (--crs) and that the file covers the roads' area" : ""}`);
  }
  if (parts.length) lines.push(`Nearest road: ${parts.join("; ")}; ${d.incidents.beyondReach + d.hazards.beyondReach === 0 ? "none" : n(d.incidents.beyondReach + d.hazards.beyondReach)} beyond the ${km(d.reachM)} km kernel reach`);
  return lines;
}
