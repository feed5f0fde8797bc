import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { OptionError } from "../core/errors.ts";

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

/** The study areas shipped in data/: the default Shusha–Fuzuli corridor, and a Colombian department with real route choices. */
export const STUDY_AREAS = ["karabakh", "colombia-antioquia"] as const;

/**
 * A study area shipped in data/ (default: the Shusha–Fuzuli corridor): its files, field mapping, default
 * route ends, official victim totals and context layers where it has them.
 */
export function defaultStudyArea(name: string = "karabakh") {
  if (!(STUDY_AREAS as readonly string[]).includes(name)) throw new OptionError(`unknown --area "${name}": choose ${STUDY_AREAS.join(" or ")}`);
  const dir = join(packageRoot(), "data", name);
  const common = { name, roads: join(dir, "roads.geojson"), incidents: join(dir, "incidents.geojson"), places: join(dir, "places.geojson") };
  if (name !== "karabakh") {
    const area = JSON.parse(readFileSync(join(dir, "area.json"), "utf8")) as { mapping: string; from: string; to: string; attribution: string };
    return { ...common, mapping: join(dir, area.mapping) as string | undefined, from: area.from, to: area.to, officialTotals: undefined as string | undefined, context: [] as string[], covariates: [] as { name: string; file: string }[], attribution: area.attribution as string | undefined };
  }
  return {
    ...common,
    mapping: undefined as string | undefined,
    from: "Shusha",
    to: "Fuzuli",
    officialTotals: join(dir, "official-victim-totals.csv") as string | undefined,
    /** Natural Earth context layers (scripts/build-karabakh-context.ts), drawn in this order: areas, then lines. */
    context: ["area-held", "districts", "borders", "ceasefire-2020", "line-of-contact"].map((k) => join(dir, "context", `${k}.geojson`)),
    /** Covariates of this area (analyze, route and backtest --model fitted): loc, the distance to the 1994–2020 Line of Contact, along which the front's minefields were laid. */
    covariates: [{ name: "loc", file: join(dir, "context", "line-of-contact.geojson") }],
    attribution: undefined as string | undefined,
  };
}
