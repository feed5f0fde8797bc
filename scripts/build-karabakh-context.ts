/**
 * build-karabakh-context — the corridor's real context layers, in data/karabakh/context/.
 *
 * Inputs (../shared/data/karabakh-context/, override the root with env MINERISK_SHARED_DATA), all Natural
 * Earth (public domain), each with its top-level x_source / x_license:
 *   line_of_contact_1994_2020.geojson   the 1994–2020 Line of Contact (NE 4.0.0 "Ceasefire Line 1994")
 *   ceasefire_line_2020.geojson         the November 2020 ceasefire line (NE 5.x), incl. the Lachin corridor
 *   area_held_1994_2020.geojson         the area held by Armenian forces 1994–2020 (NE disputed area B38)
 *   districts.geojson                   Azerbaijani districts and Armenia's Syunik (NE 10m admin-1)
 *   international_borders.geojson       Azerbaijan–Armenia and Azerbaijan–Iran borders (NE 4.0.0)
 * Outputs (byte-deterministic: fixed key order, 6 decimals, no timestamps), one GeoJSON per layer:
 *   line-of-contact.geojson, ceasefire-2020.geojson, area-held.geojson, districts.geojson, borders.geojson
 *   Each feature: context (layer key), name, source, license, attribution "Made with Natural Earth", note
 *   (the layer's known quirk). Geometry whole, not clipped, so distances near the study box are right.
 * Params: LAYERS below. Run: npx tsx scripts/build-karabakh-context.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SHARED = resolve(process.env.MINERISK_SHARED_DATA ?? resolve(REPO, "../shared/data"));
const OUT = resolve(REPO, "data/karabakh/context");
const ATTRIBUTION = "Made with Natural Earth";

/** Each layer: its source file, how to name a feature, and the quirk users must know (from the data README). */
const LAYERS = [
  { key: "line-of-contact", file: "line_of_contact_1994_2020.geojson", name: () => "Line of Contact 1994–2020",
    note: "Natural Earth 1:10m generalisation: about 4 km between vertices, positional error of a few km. Karabakh's minefields were laid along this front for 26 years." },
  { key: "ceasefire-2020", file: "ceasefire_line_2020.geojson", name: (p: Record<string, unknown>) => `Ceasefire line 2020 (${p.comment})`,
    note: "Generalised badly near Shusha (about 5 km off: Shusha falls on the wrong side). The area returned to Azerbaijani control in September 2023." },
  { key: "area-held", file: "area_held_1994_2020.geojson", name: () => "Area held by Armenian forces 1994–2020",
    note: "Natural Earth disputed area B38; its eastern edge is the Line of Contact." },
  { key: "districts", file: "districts.geojson", name: (p: Record<string, unknown>) => String(p.name_fixed ?? p.name),
    note: "Natural Earth 10m admin-1, pre-2021 district layout; the Lachin polygon is labelled 'Lankaran' in the source (AZE-1735), fixed here from name_fixed." },
  { key: "borders", file: "international_borders.geojson", name: (p: Record<string, unknown>) => String(p.name ?? "international border"),
    note: "Natural Earth 4.0.0 land boundary lines (Azerbaijan–Armenia, Azerbaijan–Iran)." },
] as const;

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const round = (c: unknown): unknown => (typeof (c as number[])[0] === "number" ? (c as number[]).map(r6) : (c as unknown[]).map(round));

function main(): void {
  const dir = resolve(SHARED, "karabakh-context");
  if (!existsSync(dir)) {
    console.error(`build-karabakh-context: ${dir} is missing. This script needs ../shared/data/karabakh-context (or MINERISK_SHARED_DATA); the product ships its output in data/karabakh/context/.`);
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  for (const layer of LAYERS) {
    const src = JSON.parse(readFileSync(resolve(dir, layer.file), "utf8"));
    const features = src.features.map((f: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }) => ({
      type: "Feature",
      properties: {
        context: layer.key,
        name: layer.name(f.properties),
        source: `${src.x_source}${src.x_clip_bbox ? ` (clipped there to ${JSON.stringify(src.x_clip_bbox)})` : ""}`,
        license: src.x_license,
        attribution: ATTRIBUTION,
        note: layer.note,
        ...(layer.key === "districts" ? { adm1_code: f.properties.adm1_code, name_source: f.properties.name } : {}),
      },
      geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
    }));
    const text = `{"type":"FeatureCollection","name":${JSON.stringify(layer.key)},"features":[\n${features.map((f: unknown) => JSON.stringify(f)).join(",\n")}\n]}\n`;
    writeFileSync(resolve(OUT, `${layer.key}.geojson`), text);
    console.log(`${layer.key}: ${features.length} features from ${layer.file}`);
  }
}

main();
