import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** maplibre-gl's browser files, to be embedded in a self-contained report. */
export interface MaplibreAssets {
  /** The ES module (dist/maplibre-gl.mjs). */
  js: string;
  /** The worker module (dist/maplibre-gl-worker.mjs), started from a blob: URL. */
  workerJs: string;
  css: string;
  version: string;
}

/**
 * Read maplibre-gl's dist files from the installed package (resolved from this module, so it works from
 * the source tree, dist/ and an installed copy of minerisk). The files are embedded as raw text inside
 * `<script type="text/plain">` and `<style>`, where the only thing that could break out is a closing tag
 * or a comment opener: refuse to go on if a future version contains one, rather than write a broken page.
 */
export function maplibreAssets(): MaplibreAssets {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve("maplibre-gl/package.json"));
  const read = (f: string) => readFileSync(join(root, "dist", f), "utf8");
  const js = read("maplibre-gl.mjs");
  const workerJs = read("maplibre-gl-worker.mjs");
  const css = read("maplibre-gl.css");
  for (const [name, text, bad] of [
    ["maplibre-gl.mjs", js, /<\/script|<!--/i],
    ["maplibre-gl-worker.mjs", workerJs, /<\/script|<!--/i],
    ["maplibre-gl.css", css, /<\/style|<!--/i],
  ] as const) {
    if (bad.test(text)) throw new Error(`cannot embed ${name}: it contains a closing tag or comment opener; update render/report/maplibre-assets.ts`);
  }
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  return { js, workerJs, css, version };
}
