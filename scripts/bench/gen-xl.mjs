// gen-xl.mjs — ../shared/bench/gen.mjs (the benchmark's deterministic road + incident generator; same PRNG,
// same town/street/highway/incident model, same outputs) extended with an XL size for issue 22: 10 M roads
// and 1 M incidents. What differs from gen.mjs, and why:
//  - XL's region is √10 × wider and taller around the same centre (lon ≈ 45.1..48.9, lat ≈ 38.3..41.2), so the
//    density of roads, towns and incidents per km² stays that of L (10 × the roads on 10 × the area);
//    S, M and L keep gen.mjs's region and give its exact files (same seeds, same draws).
//  - Coordinates live in growable Float64Arrays instead of JS arrays (74 M vertices at XL).
//  - It also writes roads.geojsonseq (RFC 8142, one feature per line): a 2.8 GB roads.geojson cannot become
//    one string in V8, and the GeoJSON Text Sequence reader exists (src/io/formats/).
// Usage: node scripts/bench/gen-xl.mjs <S|M|L|XL> [outDir=<system temp folder>/perf-data/<size>]
// At XL: generated, planned and 42 of 100 tiles run (BENCHMARKS.md "XL: tiles on 1 and 2 workers"); not run end to end yet
// (docs/scaling.md "Not done" says what is missing).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';

const SIZES = {
  S: { roads: 10_000, incidents: 2_000, seed: 0x5eed0001 },
  M: { roads: 100_000, incidents: 20_000, seed: 0x5eed0002 },
  L: { roads: 1_000_000, incidents: 100_000, seed: 0x5eed0003 },
  XL: { roads: 10_000_000, incidents: 1_000_000, seed: 0x5eed0004, scale: Math.sqrt(10) },
};
const size = process.argv[2];
if (!SIZES[size]) { console.error('usage: node gen-xl.mjs S|M|L|XL [outDir]'); process.exit(2); }
const cfg = SIZES[size];
const outDir = process.argv[3] ?? path.join(os.tmpdir(), 'perf-data', size);
fs.mkdirSync(outDir, { recursive: true });

// ---- seeded PRNG (mulberry32) ----
let st = cfg.seed >>> 0;
function rnd() {
  st = (st + 0x6d2b79f5) >>> 0;
  let t = st;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const uni = (a, b) => a + (b - a) * rnd();
const logUni = (a, b) => Math.exp(uni(Math.log(a), Math.log(b)));
function gauss() { // Box-Muller
  let u = 0; while (u === 0) u = rnd();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}
const clampInt = (v, a, b) => Math.max(a, Math.min(b, Math.round(v)));

// ---- region: lon 46.4..47.6, lat 39.3..40.2, generated in local metres ----
const SC = cfg.scale ?? 1;
const LON0 = 47.0 - 0.6 * SC, LON1 = 47.0 + 0.6 * SC, LAT0 = 39.75 - 0.45 * SC, LAT1 = 39.75 + 0.45 * SC;
const KX = 111320 * Math.cos((39.75 * Math.PI) / 180); // m per degree lon (local)
const KY = 110950;                                     // m per degree lat (local)
const W = (LON1 - LON0) * KX, H = (LAT1 - LAT0) * KY;
const r6 = (v) => Math.round(v * 1e6) / 1e6;
const toLon = (x) => r6(LON0 + x / KX);
const toLat = (y) => r6(LAT0 + y / KY);
const inside = (x, y) => x >= 0 && x <= W && y >= 0 && y <= H;
const clampX = (x) => Math.max(0, Math.min(W, x));
const clampY = (y) => Math.max(0, Math.min(H, y));

// roads stored flat: offsets into xs/ys
const nRoads = cfg.roads;
const roadOff = new Uint32Array(nRoads + 1);
// growable typed arrays with the push/length/[] that gen.mjs's JS arrays offered
function growable() {
  let a = new Float64Array(1 << 16);
  let n = 0;
  return new Proxy({}, {
    get(_, k) {
      if (k === 'push') return (v) => { if (n === a.length) { const b = new Float64Array(a.length * 2); b.set(a); a = b; } a[n++] = v; };
      if (k === 'length') return n;
      return a[Number(k)];
    },
  });
}
const xsArr = growable(), ysArr = growable();
const roadClass = new Uint8Array(nRoads); // 0 residential, 1 tertiary, 2 primary
const CLASS = ['residential', 'tertiary', 'primary'];
let nr = 0;
function pushRoad(pts, cls) {
  roadOff[nr] = xsArr.length;
  for (const [x, y] of pts) { xsArr.push(clampX(x)); ysArr.push(clampY(y)); }
  roadClass[nr] = cls;
  nr++;
  roadOff[nr] = xsArr.length;
}

// towns
const nTowns = Math.max(15, Math.round(nRoads / 400));
const towns = [];
for (let i = 0; i < nTowns; i++) {
  towns.push({
    x: uni(0.03 * W, 0.97 * W), y: uni(0.03 * H, 0.97 * H),
    s: uni(120, 300), th: uni(0, Math.PI / 2),
  });
}
const segsPerTown = nRoads / nTowns;

const nHighway = Math.round(nRoads * 0.15);
const nLocal = nRoads - nHighway;

// local roads: jittered grid streets around town centres
for (let k = 0; k < nLocal; k++) {
  const t = towns[Math.floor(rnd() * nTowns)];
  const sigma = Math.sqrt(segsPerTown) * 0.45; // grid nodes
  const i = Math.round(gauss() * sigma), j = Math.round(gauss() * sigma);
  const ux = Math.cos(t.th), uy = Math.sin(t.th), vx = -uy, vy = ux;
  let x0 = t.x + (i * ux + j * vx) * t.s + gauss() * 6;
  let y0 = t.y + (i * uy + j * vy) * t.s + gauss() * 6;
  if (!inside(x0, y0)) { x0 = clampX(x0); y0 = clampY(y0); }
  const len = logUni(100, 1500);
  const axis = rnd() < 0.5 ? 0 : 1;
  const sgn = rnd() < 0.5 ? -1 : 1;
  let dx = (axis ? vx : ux) * sgn, dy = (axis ? vy : uy) * sgn;
  const bend = gauss() * 0.06;
  const nv = clampInt(2 + (len / 120) * uni(0.4, 1.6), 2, 30);
  const step = len / (nv - 1);
  const pts = [[x0, y0]];
  let x = x0, y = y0, ang = Math.atan2(dy, dx);
  for (let v = 1; v < nv; v++) {
    ang += bend + gauss() * 0.03;
    x += Math.cos(ang) * step; y += Math.sin(ang) * step;
    pts.push([x + gauss() * 3, y + gauss() * 3]);
  }
  // keep the whole street inside the region (translate, preserving its length)
  let mnx = Infinity, mxx = -Infinity, mny = Infinity, mxy = -Infinity;
  for (const [px, py] of pts) { mnx = Math.min(mnx, px); mxx = Math.max(mxx, px); mny = Math.min(mny, py); mxy = Math.max(mxy, py); }
  const sx = mnx < 0 ? -mnx : mxx > W ? W - mxx : 0, sy = mny < 0 ? -mny : mxy > H ? H - mxy : 0;
  if (sx || sy) for (const p of pts) { p[0] += sx; p[1] += sy; }
  pushRoad(pts, len > 700 && rnd() < 0.3 ? 1 : 0);
}

// highways: winding routes between towns, split into 1–5 km ways
let hx = 0, hy = 0, hang = 0, target = null;
function newRoute() {
  const a = towns[Math.floor(rnd() * nTowns)];
  target = towns[Math.floor(rnd() * nTowns)];
  hx = a.x; hy = a.y;
  hang = Math.atan2(target.y - hy, target.x - hx) + gauss() * 0.3;
}
newRoute();
for (let k = 0; k < nHighway; k++) {
  const dT = Math.hypot(target.x - hx, target.y - hy);
  if (dT < 2000 || rnd() < 0.02) newRoute();
  const len = logUni(1000, 5000);
  const nv = clampInt(len / 180, 5, 30);
  const step = len / (nv - 1);
  const pts = [[hx, hy]];
  for (let v = 1; v < nv; v++) {
    const want = Math.atan2(target.y - hy, target.x - hx);
    let d = want - hang; d = Math.atan2(Math.sin(d), Math.cos(d));
    hang += 0.08 * d + gauss() * 0.12;
    let nx = hx + Math.cos(hang) * step, ny = hy + Math.sin(hang) * step;
    if (nx < 0 || nx > W) { hang = Math.PI - hang; nx = clampX(nx); }
    if (ny < 0 || ny > H) { hang = -hang; ny = clampY(ny); }
    hx = nx; hy = ny;
    pts.push([hx, hy]);
  }
  pushRoad(pts, 2);
}

// ---- incidents ----
const nInc = cfg.incidents;
const nHot = Math.max(50, Math.round(nRoads * 0.03));
const hot = new Uint32Array(nHot);
for (let i = 0; i < nHot; i++) hot[i] = Math.floor(rnd() * nRoads);
const ix = new Float64Array(nInc), iy = new Float64Array(nInc);
const idate = new Array(nInc), icas = new Uint8Array(nInc);
const D0 = Date.UTC(1994, 4, 12), D1 = Date.UTC(2020, 10, 10), D2 = Date.UTC(2024, 11, 31);
for (let k = 0; k < nInc; k++) {
  if (rnd() < 0.7) { // near a "hot" road, within 300 m
    const r = hot[Math.floor(rnd() * nHot)];
    const a = roadOff[r], b = roadOff[r + 1];
    const s = a + Math.floor(rnd() * (b - a - 1));
    const t = rnd();
    const x1 = xsArr[s], y1 = ysArr[s], x2 = xsArr[s + 1], y2 = ysArr[s + 1];
    const L = Math.hypot(x2 - x1, y2 - y1) || 1;
    let off; do { off = Math.abs(gauss() * 120); } while (off > 300);
    const side = rnd() < 0.5 ? -1 : 1;
    ix[k] = clampX(x1 + (x2 - x1) * t + side * off * (-(y2 - y1) / L));
    iy[k] = clampY(y1 + (y2 - y1) * t + side * off * ((x2 - x1) / L));
  } else { // scattered
    ix[k] = uni(0, W); iy[k] = uni(0, H);
  }
  const day = rnd() < 0.4 ? uni(D0, D1) : uni(D1, D2);
  idate[k] = new Date(Math.floor(day / 86400000) * 86400000).toISOString().slice(0, 10);
  icas[k] = rnd() < 0.45 ? 0 : Math.min(12, 1 + Math.floor(Math.log(rnd() || 1e-9) / Math.log(0.5)));
}

// ---- writers ----
function writer(file) {
  const fd = fs.openSync(path.join(outDir, file), 'w');
  let buf = [];
  let n = 0;
  return {
    w(s) { buf.push(s); n += s.length; if (n > 1 << 22) { fs.writeSync(fd, buf.join('')); buf = []; n = 0; } },
    close() { fs.writeSync(fd, buf.join('')); fs.closeSync(fd); },
  };
}
const rg = writer('roads.geojson');
const rs = writer('roads.geojsonseq');
const rc = writer('roads.csv');
rg.w('{"type":"FeatureCollection","features":[\n');
rc.w('id,class,wkt\n');
for (let r = 0; r < nRoads; r++) {
  const a = roadOff[r], b = roadOff[r + 1];
  const cj = [], cw = [];
  for (let v = a; v < b; v++) {
    const lo = toLon(xsArr[v]), la = toLat(ysArr[v]);
    cj.push(`[${lo},${la}]`); cw.push(`${lo} ${la}`);
  }
  const feature = `{"type":"Feature","properties":{"id":${r},"class":"${CLASS[roadClass[r]]}"},"geometry":{"type":"LineString","coordinates":[${cj.join(',')}]}}`;
  rg.w(`${r ? ',\n' : ''}${feature}`);
  rs.w(`\x1e${feature}\n`);
  rc.w(`${r},${CLASS[roadClass[r]]},"LINESTRING(${cw.join(',')})"\n`);
}
rg.w('\n]}\n'); rg.close(); rc.close(); rs.close();

const ig = writer('incidents.geojson');
const ic = writer('incidents.csv');
ig.w('{"type":"FeatureCollection","features":[\n');
ic.w('id,date,casualties,lon,lat\n');
for (let k = 0; k < nInc; k++) {
  const lo = toLon(ix[k]), la = toLat(iy[k]);
  ig.w(`${k ? ',\n' : ''}{"type":"Feature","properties":{"id":${k},"date":"${idate[k]}","casualties":${icas[k]}},"geometry":{"type":"Point","coordinates":[${lo},${la}]}}`);
  ic.w(`${k},${idate[k]},${icas[k]},${lo},${la}\n`);
}
ig.w('\n]}\n'); ig.close(); ic.close();

// summary
let segLen = 0, minL = Infinity, maxL = 0, nv = 0;
for (let r = 0; r < nRoads; r++) {
  let l = 0;
  for (let v = roadOff[r]; v < roadOff[r + 1] - 1; v++) l += Math.hypot(xsArr[v + 1] - xsArr[v], ysArr[v + 1] - ysArr[v]);
  segLen += l; minL = Math.min(minL, l); maxL = Math.max(maxL, l); nv += roadOff[r + 1] - roadOff[r];
}
const sizes = Object.fromEntries(['roads.geojson', 'roads.geojsonseq', 'incidents.geojson', 'roads.csv', 'incidents.csv']
  .map((f) => [f, fs.statSync(path.join(outDir, f)).size]));
console.log(JSON.stringify({ size, outDir, roads: nRoads, incidents: nInc, towns: nTowns, vertices: nv,
  meanVertices: +(nv / nRoads).toFixed(2), meanLenM: Math.round(segLen / nRoads), minLenM: Math.round(minL), maxLenM: Math.round(maxL), bytes: sizes }));
