import { createRequire } from "node:module";
import { InputError } from "../../core/errors.ts";
import { readFileBounded } from "../read/read-bounded.ts";
import { type Tally } from "../intake/tally.ts";
import { readTextFile } from "../json/read-json.ts";
import { isObject, loadJsonFile } from "../json/validate-geojson.ts";
import { readPbfElements } from "./read-pbf.ts";

/** OSM tags kept on a road (the rest are dropped at the door). */
export const OSM_ROAD_TAGS = ["highway", "name", "ref", "bridge", "tunnel", "layer", "oneway", "surface"] as const;

/** True for files read as OSM rather than GeoJSON: `.osm`, `.osm.xml`, `.osm.pbf`, `.pbf`, `.osm.json`. */
export function isOsmFile(file: string): boolean {
  return /\.(osm|osm\.xml|pbf|osm\.json|overpass\.json)$/i.test(file);
}

type OsmToGeoJson = (data: unknown, options?: Record<string, unknown>) => { features: { id?: string; properties: Record<string, unknown>; geometry: { type: string } | null }[] };

/**
 * Read an OSM file — XML (`.osm`), Overpass JSON (`{"elements": […]}`) or `.osm.pbf` — through
 * osmtogeojson (ways → LineStrings, as overpass-turbo does), and keep only the ways with a `highway` tag
 * as road features, with OSM_ROAD_TAGS as properties and `id` "way/<osm id>". Everything else (nodes,
 * buildings, relations…) is not a road record: a file-level note says how many such features were left
 * out. Returns a GeoJSON FeatureCollection for the roads reader, or undefined when the file cannot be read.
 */
export function osmRoadsAsGeoJson(file: string, tally: Tally): unknown {
  let data: unknown;
  if (/\.pbf$/i.test(file)) {
    try {
      // under the same byte budget as text inputs: the decoded elements take several times the file's bytes
      data = { elements: readPbfElements(readFileBounded(file, undefined, "Cut the extract to the study area (osmium extract -b W,S,E,N)")) };
    } catch (e) {
      if (e instanceof InputError) {
        for (const i of e.issues) tally.error(undefined, undefined, i.code, i.message);
        return undefined;
      }
      const code = (e as NodeJS.ErrnoException).code;
      tally.error(undefined, undefined, code === "ENOENT" ? "file-unreadable" : "invalid-osm", code === "ENOENT" ? "cannot read the file: file not found" : `not a readable .osm.pbf file: ${(e as Error).message}`);
      return undefined;
    }
  } else if (/\.(osm|osm\.xml)$/i.test(file)) {
    const dom = parseOsmXml(file, tally);
    return dom === undefined ? undefined : featuresToRoads(osmToGeoJson()(dom, { flatProperties: true }), tally);
  } else {
    data = loadJsonFile(file, tally);
  }
  if (data === undefined) return undefined;
  if (!isObject(data) || !Array.isArray(data.elements)) {
    if (!tally.issues.length) tally.error(undefined, undefined, "invalid-osm", 'expected OSM data (XML <osm>, Overpass JSON with "elements", or .osm.pbf)');
    return undefined;
  }
  return featuresToRoads(osmToGeoJson()(data, { flatProperties: true }), tally);
}

function osmToGeoJson(): OsmToGeoJson {
  return createRequire(import.meta.url)("osmtogeojson") as OsmToGeoJson;
}

/** osmtogeojson output → a FeatureCollection of the highway ways only. */
function featuresToRoads(fc: ReturnType<OsmToGeoJson>, tally: Tally): unknown {
  const features: unknown[] = [];
  let others = 0;
  for (const f of fc.features) {
    const p = f.properties;
    if (typeof p.highway !== "string" || !String(f.id ?? p.id).startsWith("way/")) {
      others++;
      continue;
    }
    const properties: Record<string, unknown> = { id: String(f.id ?? p.id) };
    for (const k of OSM_ROAD_TAGS) if (p[k] !== undefined) properties[k] = p[k];
    features.push({ type: "Feature", properties, geometry: f.geometry });
  }
  if (others > 0) tally.warn(undefined, undefined, "osm-not-a-road", `${others} OSM feature(s) without a highway tag (or not ways) are not roads and were left out; only highway ways are road records`);
  return { type: "FeatureCollection", features };
}

/** OSM XML → a DOM (the xmldom parser osmtogeojson itself depends on, as its own CLI does). */
function parseOsmXml(file: string, tally: Tally): unknown {
  let text: string;
  try {
    text = readTextFile(file);
  } catch (e) {
    tally.error(undefined, undefined, "file-unreadable", (e as Error).message.replace(/^.*\[file-unreadable\]: /, ""));
    return undefined;
  }
  const fromOsmToGeoJson = createRequire(createRequire(import.meta.url).resolve("osmtogeojson"));
  const { DOMParser } = fromOsmToGeoJson("xmldom") as { DOMParser: new (o?: unknown) => { parseFromString(s: string, mime: string): unknown } };
  const errors: string[] = [];
  const record = (msg: string) => errors.push(String(msg).split("\n")[0]);
  const dom = new DOMParser({ errorHandler: { warning: () => {}, error: record, fatalError: record } }).parseFromString(text, "text/xml") as { getElementsByTagName(n: string): { length: number } };
  if (errors.length > 0 || dom.getElementsByTagName("osm").length === 0) {
    tally.error(undefined, undefined, "invalid-osm", `not a readable OSM XML file${errors.length ? `: ${errors[0]}` : ": no <osm> element"}`);
    return undefined;
  }
  return dom; // osmtogeojson tells an XML DOM from Overpass JSON by its `childNodes`
}
