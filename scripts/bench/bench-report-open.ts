/**
 * bench-report-open — how long a run's report.html takes to become interactive when opened from disk, as
 * people open it: headless Chromium (apt chromium, via playwright-core) on file://, timed from navigation
 * to the map's first `idle` (body[data-map-state] = "idle"), plus the file's size.
 * Inputs: a run folder (e.g. from `minerisk analyze … --out DIR`). Outputs: one line on stdout.
 * Run: npx tsx scripts/bench/bench-report-open.ts DIR [runs=3]
 */
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { hasChromium, launchChromium } from "../../test/helpers/layers/outputs-browser.ts";

const dir = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!dir) {
  console.error("usage: npx tsx scripts/bench/bench-report-open.ts RUN_FOLDER [runs]");
  process.exit(2);
}
if (!hasChromium) {
  console.error("bench-report-open: needs Chromium (apt-get install chromium)");
  process.exit(2);
}
const file = resolve(join(dir, "report.html"));
const context = await launchChromium();
const times: number[] = [];
let rendered: unknown;
for (let k = 0; k < runs; k++) {
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => (globalThis as unknown as { document: { body: { dataset: { mapState: string } } } }).document.body.dataset.mapState !== "loading", undefined, { timeout: 120_000, polling: 50 });
  times.push((performance.now() - t0) / 1000);
  rendered = await page.evaluate(() => ({ state: (globalThis as any).document.body.dataset.mapState, rendered: (globalThis as any).mineriskReport?.rendered }));
  await page.close();
}
await context.close();
times.sort((a, b) => a - b);
console.log(`${file}: ${(statSync(file).size / 1e6).toFixed(1)} MB; interactive (map idle, from file://) in ${times.map((t) => t.toFixed(2)).join(", ")} s (median ${times[Math.floor(times.length / 2)].toFixed(2)} s); ${JSON.stringify(rendered)}`);
