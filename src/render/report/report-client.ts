/**
 * The report's only executable script, as text (it runs in the reader's browser, not in Node). It loads
 * the embedded maplibre-gl module and worker from blob: URLs, draws the embedded GeoJSON layers with no
 * basemap, and shows a clicked feature's properties through textContent only, never as HTML. When the
 * map cannot start (no WebGL, a blocked worker) or has not drawn within 20 s, it says so and shows the embedded
 * static map instead; the tables stay complete. On the first `idle` it records how
 * many features each layer drew in `window.mineriskReport` and `body[data-map-state]` (used by the
 * browser test).
 */
export const REPORT_CLIENT_JS = `
const text = (id) => document.getElementById(id).textContent;
const blobUrl = (id) => URL.createObjectURL(new Blob([text(id)], { type: "text/javascript" }));
const status = document.getElementById("map-status");
const fallBack = (why) => {
  if (document.body.dataset.mapState !== "loading") return;
  const fig = document.getElementById("static-map");
  if (fig) fig.hidden = false;
  document.getElementById("map").parentElement.hidden = true;
  status.textContent = "The interactive map could not start in this browser (" + why + ")." + (fig ? " The static map below shows the same layers;" : "") + " the tables below are complete.";
  document.body.dataset.mapState = "error";
};
const timer = setTimeout(() => fallBack("it had not drawn after 20 s"), 20000);
try {
  const maplibregl = await import(blobUrl("maplibre-js"));
  maplibregl.setWorkerUrl(blobUrl("maplibre-worker"));
  const data = JSON.parse(text("report-data"));
  const sources = {};
  for (const [name, fc] of Object.entries(data.layers)) sources[name] = { type: "geojson", data: fc };
  if (data.clusterIncidents && sources.incidents) Object.assign(sources.incidents, { cluster: true, clusterRadius: 36, clusterMaxZoom: 13 });
  const layers = [{ id: "background", type: "background", paint: { "background-color": "#f4f3ee" } }];
  const add = (layer) => { if (sources[layer.source]) layers.push(layer); };
  for (const c of data.context ?? []) {
    if (c.kind === "fill") add({ id: c.id, type: "fill", source: c.id, paint: { "fill-color": c.colour, "fill-opacity": c.opacity } });
    else add({ id: c.id, type: "line", source: c.id, paint: { "line-color": c.colour, "line-width": c.widthPx, "line-opacity": c.opacity, ...(c.dash ? { "line-dasharray": c.dash.split(" ").map((v) => Number(v) / Math.max(1, c.widthPx)) } : {}) } });
  }
  add({ id: "hazards", type: "fill", source: "hazards", paint: { "fill-color": ["get", "fill"], "fill-opacity": 0.5, "fill-outline-color": ["get", "stroke"] } });
  add({ id: "route", type: "line", source: "route", layout: { "line-cap": "round", "line-join": "round" }, paint: { "line-color": "#1f78b4", "line-width": 10, "line-opacity": 0.35 } });
  add({ id: "worst-stretches", type: "line", source: "worst-stretches", paint: { "line-color": "#a50026", "line-width": 14, "line-opacity": 0.45 } });
  add({ id: "lixels", type: "line", source: "lixels", layout: { "line-cap": "round" }, paint: { "line-color": ["get", "stroke"], "line-width": ["+", 1, ["get", "stroke-width"]] } });
  if (data.clusterIncidents) add({ id: "incident-clusters", type: "circle", source: "incidents", filter: ["has", "point_count"], paint: { "circle-color": "#636363", "circle-opacity": 0.75, "circle-radius": ["step", ["get", "point_count"], 10, 10, 13, 100, 17, 1000, 22], "circle-stroke-color": "#ffffff", "circle-stroke-width": 1.5 } });
  add({ id: "incidents", type: "circle", source: "incidents", ...(data.clusterIncidents ? { filter: ["!", ["has", "point_count"]] } : {}), paint: { "circle-color": ["get", "marker-color"], "circle-radius": 6, "circle-stroke-color": "#ffffff", "circle-stroke-width": 1.5 } });
  const map = new maplibregl.Map({
    container: "map",
    style: { version: 8, sources, layers },
    bounds: data.bounds,
    fitBoundsOptions: { padding: 30 },
    attributionControl: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: true }));
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }));
  for (const p of data.places) {
    const el = document.createElement("div");
    el.className = "place";
    el.textContent = p.name;
    new maplibregl.Marker({ element: el, anchor: "left", offset: [4, 0] }).setLngLat([p.lon, p.lat]).addTo(map);
  }
  const info = document.getElementById("feature-info");
  const clickable = layers.map((l) => l.id).filter((id) => id !== "background").reverse();
  map.on("click", (e) => {
    const f = map.queryRenderedFeatures(e.point, { layers: clickable })[0];
    info.replaceChildren();
    if (!f) return;
    const h = document.createElement("h3");
    h.textContent = f.layer.id;
    const dl = document.createElement("dl");
    for (const [k, v] of Object.entries(f.properties)) {
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      dd.textContent = typeof v === "object" ? JSON.stringify(v) : String(v);
      dl.append(dt, dd);
    }
    info.append(h, dl);
  });
  // cluster counts as HTML labels (the map has no glyphs offline, so no symbol layers), refreshed when it settles
  const counts = new Map();
  const labelClusters = () => {
    if (!data.clusterIncidents) return;
    const seen = new Set();
    for (const f of map.queryRenderedFeatures({ layers: ["incident-clusters"] }).slice(0, 400)) {
      const id = f.properties.cluster_id;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!counts.has(id)) {
        const el = document.createElement("div");
        el.className = "cluster-count";
        el.textContent = String(f.properties.point_count_abbreviated);
        counts.set(id, new maplibregl.Marker({ element: el }).setLngLat(f.geometry.coordinates).addTo(map));
      }
    }
    for (const [id, m] of counts) if (!seen.has(id)) (m.remove(), counts.delete(id));
  };
  map.on("idle", labelClusters);
  map.once("idle", () => {
    const rendered = {};
    for (const id of clickable) rendered[id] = map.queryRenderedFeatures({ layers: [id] }).length;
    window.mineriskReport = { idle: true, rendered };
    clearTimeout(timer);
    if (document.body.dataset.mapState !== "loading") return;
    status.textContent = "";
    document.body.dataset.mapState = "idle";
  });
} catch (e) {
  clearTimeout(timer);
  fallBack(e && e.message ? e.message : String(e));
}
// the incidents table, paged from its JSON copy when it is long (cells through textContent only)
const rowsEl = document.getElementById("incident-rows");
if (rowsEl) {
  const rows = JSON.parse(rowsEl.textContent);
  const body = document.querySelector("#incidents tbody");
  const pager = document.getElementById("incident-pager");
  const size = body.rows.length;
  let page = 0;
  const show = () => {
    body.replaceChildren();
    for (const r of rows.slice(page * size, (page + 1) * size)) {
      const tr = document.createElement("tr");
      for (const c of r) {
        const td = document.createElement("td");
        td.textContent = String(c);
        tr.append(td);
      }
      body.append(tr);
    }
    label.textContent = "Rows " + (page * size + 1) + "–" + Math.min(rows.length, (page + 1) * size) + " of " + rows.length + " ";
    prev.disabled = page === 0;
    next.disabled = (page + 1) * size >= rows.length;
  };
  const button = (text, step) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", () => { page += step; show(); });
    return b;
  };
  const label = document.createElement("span");
  const prev = button("previous", -1);
  const next = button("next", 1);
  pager.replaceChildren(label, prev, next);
  show();
}
`;
