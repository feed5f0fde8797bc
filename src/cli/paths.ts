import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The installed package's root folder (where package.json names "minerisk"), found from this file. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, "package.json");
    if (existsSync(pj) && JSON.parse(readFileSync(pj, "utf8")).name === "minerisk") return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the minerisk package root");
    dir = up;
  }
}

/** The default study area shipped in data/: the Shusha–Fuzuli corridor. */
export function defaultStudyArea() {
  const dir = join(packageRoot(), "data", "karabakh");
  return {
    roads: join(dir, "roads.geojson"),
    incidents: join(dir, "incidents.geojson"),
    places: join(dir, "places.geojson"),
    officialTotals: join(dir, "official-victim-totals.csv"),
    /** Natural Earth context layers (scripts/build-karabakh-context.ts), drawn in this order: areas, then lines. */
    context: ["area-held", "districts", "borders", "ceasefire-2020", "line-of-contact"].map((k) => join(dir, "context", `${k}.geojson`)),
    from: "Shusha",
    to: "Fuzuli",
  };
}
