/**
 * The HTML report in a real browser (apt chromium + playwright-core), served from 127.0.0.1 as
 * maplibre-gl requires: the map reaches `idle` and drew every layer, no request leaves localhost, a
 * screenshot lands in build/; and a report whose incidents carry script payloads runs none of them.
 * Skipped when Chromium is missing, unless MINERISK_REQUIRE_CHROMIUM=1 (as CI sets).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import { resolvePlace } from "../../src/io/places/gazetteer.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { seededRandom } from "../../src/core/random.ts";
import { writeOutputs } from "../../src/pipeline/write-outputs.ts";
import { hasChromium, launchChromium, recordRequests, serveHtml } from "../helpers/layers/outputs-browser.ts";

// Page functions run in the browser; Node's type library has no DOM, so name the globals loosely here.
declare const document: any;
declare const window: any;
declare const Image: any;

const DATA = join(import.meta.dirname, "../../data/karabakh");
const BUILD = join(import.meta.dirname, "../../build");
const required = process.env.MINERISK_REQUIRE_CHROMIUM === "1";

/** The default corridor run, optionally with incidents rewritten by `edit`, as report.html text. */
function reportHtml(edit?: (i: ReturnType<typeof readIncidentsGeoJson>) => void): string {
  const roads = readRoadsGeoJson(join(DATA, "roads.geojson"));
  const incidents = readIncidentsGeoJson(join(DATA, "incidents.geojson"));
  edit?.(incidents);
  const places = join(DATA, "places.geojson");
  const result = analyze({ roads, incidents }, { route: { from: resolvePlace("Shusha", places), to: resolvePlace("Fuzuli", places) } });
  const out = mkdtempSync(join(tmpdir(), "minerisk-report-"));
  writeOutputs(result, out, [], { formats: ["geojson"], maps: true, styles: false });
  return readFileSync(join(out, "report.html"), "utf8");
}

/**
 * A denser synthetic run (labelled synthetic; seeded): a 40 × 40 grid of 0.2° roads (≈ 1,600 km, ≈ 17k
 * lixels) and 1,500 incidents, enough to cluster the incidents and page the table.
 */
function denseReportHtml(): { html: string; lixels: number; incidents: number } {
  const rand = seededRandom(20260919);
  const dir = mkdtempSync(join(tmpdir(), "minerisk-report-dense-"));
  const roads = [];
  for (let k = 0; k < 40; k++) {
    const c = 46.5 + k * 0.005;
    roads.push({ type: "Feature", properties: { id: `h${k}`, name: `H${k}` }, geometry: { type: "LineString", coordinates: [[46.5, 39.5 + k * 0.005], [46.6, 39.5 + k * 0.005], [46.7, 39.5 + k * 0.005]] } });
    roads.push({ type: "Feature", properties: { id: `v${k}`, name: `V${k}` }, geometry: { type: "LineString", coordinates: [[c, 39.45], [c, 39.55], [c, 39.65]] } });
  }
  const incidents = [];
  for (let i = 0; i < 1500; i++) {
    const lon = 46.5 + rand() * 0.2;
    const lat = 39.5 + rand() * 0.2;
    incidents.push({ type: "Feature", properties: { id: `S-${i}`, date: `${2015 + Math.floor(rand() * 6)}-0${1 + Math.floor(rand() * 9)}-15`, device: "anti-tank", killed: 0, injured: 1 }, geometry: { type: "Point", coordinates: [Number(lon.toFixed(5)), Number(lat.toFixed(5))] } });
  }
  writeFileSync(join(dir, "roads.geojson"), JSON.stringify({ type: "FeatureCollection", features: roads }));
  writeFileSync(join(dir, "incidents.geojson"), JSON.stringify({ type: "FeatureCollection", features: incidents }));
  const result = analyze({ roads: readRoadsGeoJson(join(dir, "roads.geojson")), incidents: readIncidentsGeoJson(join(dir, "incidents.geojson")) });
  const out = join(dir, "out");
  writeOutputs(result, out, [], { formats: ["geojson"], maps: false, styles: false, geotiff: false });
  return { html: readFileSync(join(out, "report.html"), "utf8"), lixels: result.lixels.count, incidents: incidents.length };
}

/** Open a report, wait for the map; returns what the page recorded. */
async function open(context: BrowserContext, html: string) {
  const { url, server, served } = await serveHtml(html);
  const requests = recordRequests(context);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.mapState !== "loading", undefined, { timeout: 60_000, polling: 250 });
  return { page, url, requests, served, dialogs, close: () => new Promise((ok) => {
      server.closeAllConnections(); // Chromium keeps its connection alive; close() alone would wait for it
      server.close(ok);
    }) };
}

/** Open a report the way people do: from disk (file://), as a double-click or a saved e-mail attachment. */
async function openFromDisk(context: BrowserContext, html: string) {
  const file = join(mkdtempSync(join(tmpdir(), "minerisk-report-file-")), "report.html");
  writeFileSync(file, html);
  const requests = recordRequests(context);
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => document.body.dataset.mapState !== "loading", undefined, { timeout: 60_000, polling: 250 });
  return { page, requests, file };
}

/** What the report's page says about its map: its state, status line and the features each layer drew. */
async function mapStateOf(page: Page): Promise<{ mapState: string; status: string; report?: { rendered: Record<string, number> } }> {
  return page.evaluate(() => ({ mapState: document.body.dataset.mapState, status: document.getElementById("map-status")?.textContent, report: window.mineriskReport }));
}

/** Share of pixels that differ from the map background (#f4f3ee), and distinct colours, decoded in a blank page. */
async function pixelStats(context: BrowserContext, png: Buffer): Promise<{ drawnShare: number; distinct: number }> {
  const page = await context.newPage();
  const stats = await page.evaluate(async (b64: string) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.width;
    canvas.height = img.height;
    const g = canvas.getContext("2d");
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    let drawn = 0;
    for (let i = 0; i < d.length; i += 4) {
      colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      if (Math.abs(d[i] - 244) + Math.abs(d[i + 1] - 243) + Math.abs(d[i + 2] - 238) > 12) drawn++;
    }
    return { drawnShare: drawn / (d.length / 4), distinct: colours.size };
  }, png.toString("base64"));
  await page.close();
  return stats;
}

describe.skipIf(!hasChromium && !required)("HTML report in Chromium", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await launchChromium();
  });
  afterAll(async () => {
    await context?.close();
  });

  it("Chromium is available when CI requires it", () => {
    expect(hasChromium || !required).toBe(true);
  });

  it("draws every layer offline, requests nothing beyond localhost, and saves a screenshot", async () => {
    const r = await open(context, reportHtml());
    const state = await mapStateOf(r.page);
    expect(state.status).toBe("");
    expect(state.mapState).toBe("idle");
    const rendered = state.report?.rendered ?? {};
    for (const layer of ["lixels", "route", "worst-stretches", "incidents"]) expect(rendered[layer], layer).toBeGreaterThan(0);
    const origin = new URL(r.url).origin;
    const outside = r.requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith("blob:") && !u.startsWith("data:"));
    expect(outside).toEqual([]);
    expect(r.served.filter((p) => p !== "/report.html" && p !== "/favicon.ico")).toEqual([]);
    mkdirSync(BUILD, { recursive: true });
    await r.page.screenshot({ path: join(BUILD, "report-screenshot.png"), fullPage: false });
    // the map canvas holds more than its background colour: decode the screenshot of the map element
    const png = await r.page.locator("#map canvas").screenshot();
    const pixels = await pixelStats(context, png);
    expect(pixels.drawnShare).toBeGreaterThan(0.005); // roads, route and incidents cover > 0.5 % of the map
    expect(pixels.distinct).toBeGreaterThan(10);
    await r.page.close();
    await r.close();
  });

  it("draws the map when opened from file:// (double-click, e-mail attachment), with nothing fetched", async () => {
    const r = await openFromDisk(context, reportHtml());
    const state = await mapStateOf(r.page);
    expect(state.status).toBe("");
    expect(state.mapState).toBe("idle");
    for (const layer of ["lixels", "route", "incidents"]) expect(state.report?.rendered[layer], layer).toBeGreaterThan(0);
    const pixels = await pixelStats(context, await r.page.locator("#map canvas").screenshot());
    expect(pixels.drawnShare).toBeGreaterThan(0.005);
    const outside = r.requests.filter((u) => !u.startsWith("file://") && !u.startsWith("blob:") && !u.startsWith("data:"));
    expect(outside).toEqual([]);
    await r.page.close();
  });

  it("shows the static map and says why when the interactive map cannot start", async () => {
    // A report whose embedded maplibre module is broken stands for any browser where the map cannot start.
    const html = reportHtml().replace(/(<script type="text\/plain" id="maplibre-js">)[\s\S]*?(<\/script>)/, "$1throw new Error('no WebGL here');$2");
    const r = await openFromDisk(context, html);
    const seen = await r.page.evaluate(() => ({
      mapState: document.body.dataset.mapState,
      status: document.getElementById("map-status")?.textContent ?? "",
      staticShown: !document.getElementById("static-map")?.hidden,
      svg: document.querySelectorAll("#static-map svg").length,
    }));
    expect(seen.mapState).toBe("error");
    expect(seen.status).toContain("no WebGL here");
    expect(seen.status).toContain("static map below");
    expect(seen.staticShown).toBe(true);
    expect(seen.svg).toBe(1);
    await r.page.close();
  });

  it("stays small when dense: merged stretches, clustered incidents with counts, a paged table", async () => {
    const { html, lixels, incidents } = denseReportHtml();
    expect(lixels).toBeGreaterThan(15_000);
    const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/)![1]);
    expect(data.layers.lixels.features.length).toBeLessThan(lixels / 5); // one stretch per run of a class, not one line per lixel
    expect(data.clusterIncidents).toBe(true);
    const r = await openFromDisk(context, html);
    const seen = await r.page.evaluate(() => ({
      mapState: document.body.dataset.mapState,
      rendered: window.mineriskReport?.rendered ?? {},
      counts: [...document.querySelectorAll(".cluster-count")].map((el: any) => Number(String(el.textContent).replace("k", "000"))),
      rows: document.querySelectorAll("#incidents tbody tr").length,
      firstId: document.querySelector("#incidents tbody td")?.textContent,
    }));
    expect(seen.mapState).toBe("idle");
    expect(seen.rendered["incident-clusters"]).toBeGreaterThan(0);
    expect(seen.counts.length).toBeGreaterThan(0);
    expect(seen.counts.every((n: number) => n >= 2)).toBe(true);
    expect(seen.rows).toBe(100);
    expect(seen.firstId).toBe("S-0");
    await r.page.getByRole("button", { name: "next" }).click();
    const page2 = await r.page.evaluate(() => ({ firstId: document.querySelector("#incidents tbody td")?.textContent, label: document.querySelector("#incident-pager span")?.textContent }));
    expect(page2.firstId).toBe("S-100");
    expect(page2.label).toContain(`of ${incidents}`);
    await r.page.close();
  });

  it("runs no script from the data: <script> and \"><img onerror> payloads stay text", async () => {
    const payloads = ['<script>window.__xss = "script"</script>', '"><img src=x onerror="window.__xss = \'img\'">', "</script><script>window.__xss = 'close'</script>"];
    const html = reportHtml((incidents) => {
      incidents[0].id = payloads[0];
      incidents[1].activity = payloads[1];
      incidents[2].source = payloads[2];
      incidents[3].id = payloads[1];
    });
    const r = await open(context, html);
    const seen = await r.page.evaluate(() => ({
      xss: window.__xss ?? null,
      imgs: document.querySelectorAll("img").length,
      scripts: document.querySelectorAll("script").length,
      table: document.getElementById("incidents")?.textContent ?? "",
      mapState: document.body.dataset.mapState,
    }));
    expect(seen.xss).toBeNull();
    expect(r.dialogs).toEqual([]);
    expect(seen.imgs).toBe(0);
    expect(seen.scripts).toBe(4); // report data, maplibre, its worker, the report's own module
    for (const p of payloads) expect(seen.table).toContain(p);
    expect(seen.mapState).toBe("idle");
    expect(r.served.filter((p) => p !== "/report.html" && p !== "/favicon.ico")).toEqual([]);
    await r.page.close();
    await r.close();
  });
});
