import { existsSync, readFileSync } from "node:fs";

/** One input layer as the credits see it: its files and the properties of the records used. */
export interface CreditLayer {
  /** "Roads", "Incidents", "Hazard areas", "Places". */
  label: string;
  files: readonly string[];
  properties: readonly Record<string, unknown>[];
  /** The mapping's `attribution` when the layer was read through a mapping. */
  mappingAttribution?: string;
}

const MAX_LISTED = 3;
const OSM_FILE = /\.(osm|osm\.json|osm\.pbf)$/i;

/** Distinct non-empty text values of one property, in first-seen order. */
function distinct(props: readonly Record<string, unknown>[], key: string): string[] {
  const seen = new Set<string>();
  for (const p of props) {
    const v = p[key];
    if (typeof v === "string" && v.trim() !== "") seen.add(v.trim());
  }
  return [...seen];
}

function listed(values: readonly string[], key: string): string {
  const head = values.slice(0, MAX_LISTED).join("; ");
  return values.length > MAX_LISTED ? `${head}; and ${values.length - MAX_LISTED} more (each record's ${key})` : head;
}

/** A sidecar credit beside an input: FILE.attribution.txt, its non-empty lines joined. */
function sidecar(file: string): string | undefined {
  const path = `${file}.attribution.txt`;
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8").split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join(" ");
  return text === "" ? undefined : text;
}

/**
 * The credit of one layer, from the data itself, first that applies: its records' `attribution`
 * properties (distinct values, three listed); a sidecar FILE.attribution.txt; the mapping's
 * `attribution`; "© OpenStreetMap contributors (ODbL)" for an OSM file; its records' `source`
 * properties (up to five short ones listed, else their number). Undefined when the layer says nothing about its origin
 * or has no records: a layer that was not used is never credited.
 */
export function layerCredit(layer: CreditLayer): string | undefined {
  if (layer.properties.length === 0) return undefined;
  const attributions = distinct(layer.properties, "attribution");
  if (attributions.length > 0) return listed(attributions, "attribution");
  const side = layer.files.map(sidecar).filter((s): s is string => s !== undefined);
  if (side.length > 0) return side.join("; ");
  if (layer.mappingAttribution !== undefined) return layer.mappingAttribution;
  if (layer.files.some((f) => OSM_FILE.test(f))) return "© OpenStreetMap contributors (ODbL)";
  const sources = distinct(layer.properties, "source");
  if (sources.length === 0) return undefined;
  const short = sources.length <= 5 && sources.every((v) => v.length <= 60);
  return short ? sources.join("; ") : `${sources.length} sources (each record's source)`;
}

/**
 * The credit line for maps and reports: `given` (--attribution) when there is one, else each layer's
 * credit ("Roads: …. Incidents: …."), then "Made with minerisk.". Nothing is credited that the run did
 * not read.
 */
export function creditLine(layers: readonly CreditLayer[], given?: string): string {
  if (given !== undefined && given.trim() !== "") return `${given.trim()} Made with minerisk.`;
  const parts = layers.flatMap((l) => {
    const c = layerCredit(l);
    return c === undefined ? [] : [`${l.label}: ${c.replace(/\.$/, "")}.`];
  });
  return [...parts, "Made with minerisk."].join(" ");
}
