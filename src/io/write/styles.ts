/**
 * QGIS layer styles (.qml) written beside each layer: QGIS loads `NAME.qml` automatically for
 * `NAME.geojson` or `NAME.fgb`. Symbol layers carry their properties both as `<Option type="Map">`
 * (QGIS ≥ 3.26) and as `<prop k v>` (older 3.x), so QGIS 3.x reads them either way. Colours match the
 * layers' simplestyle properties, so QGIS, geojson.io and our maps agree.
 */
import { HAZARD_COLOURS, HAZARD_STATUSES } from "../../core/hazard-set.ts";
import { RISK_CLASSES } from "../../analyses/risk/risk-classes.ts";
import { DEVICE_STYLES, RISK_CLASS_COLOURS } from "../layers/layers.ts";

/** The layers minerisk styles. */
export type StyledLayer = "lixels" | "incidents" | "hazards" | "density" | "route" | "worst-stretches";

type Props = Record<string, string | number>;
interface Sym {
  kind: "line" | "marker" | "fill";
  cls: "SimpleLine" | "SimpleMarker" | "SimpleFill";
  props: Props;
}

const xml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&apos;");

/** "#RRGGBB" and an opacity 0..1 → QGIS "r,g,b,a". */
export function qgisColour(hex: string, opacity = 1): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${Math.round(opacity * 255)}`;
}

const line = (hex: string, widthMm: number, opacity = 1): Sym => ({
  kind: "line",
  cls: "SimpleLine",
  props: { line_color: qgisColour(hex, opacity), line_width: widthMm, line_width_unit: "MM", line_style: "solid", capstyle: "round", joinstyle: "round" },
});
const marker = (hex: string, shape: string, sizeMm: number): Sym => ({
  kind: "marker",
  cls: "SimpleMarker",
  props: { name: shape, color: qgisColour(hex), outline_color: "255,255,255,255", outline_width: 0.3, outline_width_unit: "MM", size: sizeMm, size_unit: "MM" },
});
const fill = (hex: string, opacity: number, outline: string | null): Sym => ({
  kind: "fill",
  cls: "SimpleFill",
  props: { color: qgisColour(hex, opacity), style: "solid", outline_color: outline ? qgisColour(outline) : "0,0,0,0", outline_style: outline ? "solid" : "no", outline_width: 0.4, outline_width_unit: "MM" },
});

function symbol(name: string, s: Sym): string {
  const opts = Object.entries(s.props).map(([k, v]) => `            <Option name="${xml(k)}" type="QString" value="${xml(String(v))}"/>`);
  const props = Object.entries(s.props).map(([k, v]) => `          <prop k="${xml(k)}" v="${xml(String(v))}"/>`);
  return [
    `      <symbol type="${s.kind}" name="${xml(name)}" alpha="1" clip_to_extent="1" force_rhr="0">`,
    `        <layer class="${s.cls}" enabled="1" pass="0" locked="0">`,
    `          <Option type="Map">`,
    ...opts,
    `          </Option>`,
    ...props,
    `        </layer>`,
    `      </symbol>`,
  ].join("\n");
}

function document(renderer: string, geometryType: number): string {
  return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology">
${renderer}
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerGeometryType>${geometryType}</layerGeometryType>
</qgis>
`;
}

function single(s: Sym, geometryType: number): string {
  return document(`  <renderer-v2 type="singleSymbol" symbollevels="0" forceraster="0" enableorderby="0">\n    <symbols>\n${symbol("0", s)}\n    </symbols>\n  </renderer-v2>`, geometryType);
}

function categorized(attr: string, cats: { value: string; label: string; sym: Sym }[], geometryType: number): string {
  const categories = cats.map((c, i) => `      <category symbol="${i}" value="${xml(c.value)}" label="${xml(c.label)}" render="true"/>`);
  const symbols = cats.map((c, i) => symbol(String(i), c.sym));
  return document(
    `  <renderer-v2 type="categorizedSymbol" attr="${xml(attr)}" symbollevels="0" forceraster="0" enableorderby="0">\n    <categories>\n${categories.join("\n")}\n    </categories>\n    <symbols>\n${symbols.join("\n")}\n    </symbols>\n  </renderer-v2>`,
    geometryType,
  );
}

function graduated(attr: string, ranges: { lower: number; upper: number; label: string; sym: Sym }[], geometryType: number): string {
  const rs = ranges.map((r, i) => `      <range symbol="${i}" lower="${r.lower}" upper="${r.upper}" label="${xml(r.label)}" render="true"/>`);
  const symbols = ranges.map((r, i) => symbol(String(i), r.sym));
  return document(
    `  <renderer-v2 type="graduatedSymbol" attr="${xml(attr)}" graduatedMethod="GraduatedColor" symbollevels="0" forceraster="0" enableorderby="0">\n    <ranges>\n${rs.join("\n")}\n    </ranges>\n    <symbols>\n${symbols.join("\n")}\n    </symbols>\n    <classificationMethod id="EqualInterval"/>\n  </renderer-v2>`,
    geometryType,
  );
}

/** YlOrRd, 5 classes (ColorBrewer), for density. */
const DENSITY_RAMP = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];
const sig3 = (v: number) => Number(v.toPrecision(3));

/** Five equal classes of DENSITY_RAMP from 0 to `max` (the top class reaches max itself), each drawn by `sym`. */
function densityRamp(max: number, unit: string, sym: (colour: string, i: number) => Sym): { lower: number; upper: number; label: string; sym: Sym }[] {
  const step = max > 0 ? max / DENSITY_RAMP.length : 1;
  return DENSITY_RAMP.map((c, i) => {
    const lower = sig3(i * step);
    const upper = i === DENSITY_RAMP.length - 1 ? Math.max(max, sig3((i + 1) * step)) : sig3((i + 1) * step);
    return { lower, upper, label: `${lower} – ${sig3(upper)} ${unit}`, sym: sym(c, i) };
  });
}

/**
 * The .qml text for one layer. Lixels: coloured and widened by risk class (categorised on `riskClass`, so
 * a class means the same as in the model, boundaries included). Incidents: a shape and colour per device.
 * Hazards: IMSMA land-release colours, CHA #FF0000 and SHA #F4A718 at 50 % fill. Density: five equal
 * classes of `densityPerKm2` from 0 to `maxDensityPerKm2` (the run's maximum). Route and worst stretches:
 * one line each.
 */
export function qmlStyle(layer: StyledLayer, options: { maxDensityPerKm2?: number } = {}): string {
  switch (layer) {
    case "lixels":
      return categorized(
        "riskClass",
        RISK_CLASSES.map((c, i) => ({ value: c, label: c, sym: line(RISK_CLASS_COLOURS[i], [0.4, 0.6, 0.8, 1.0, 1.3][i]) })),
        1,
      );
    case "incidents":
      return categorized("device", DEVICE_STYLES.map((d) => ({ value: d.device, label: d.device, sym: marker(d.colour, d.shape, 3) })), 0);
    case "hazards":
      return categorized(
        "status",
        HAZARD_STATUSES.map((s) => ({ value: s, label: s === "confirmed" ? "confirmed (CHA)" : s === "suspected" ? "suspected (SHA)" : s, sym: fill(HAZARD_COLOURS[s], 0.5, HAZARD_COLOURS[s]) })),
        2,
      );
    case "density": {
      return graduated("densityPerKm2", densityRamp(options.maxDensityPerKm2 ?? 0, "per km²", (c) => fill(c, 0.6, null)), 2);
    }
    case "route":
      return single(line("#1f78b4", 1.2), 1);
    case "worst-stretches":
      return single(line("#a50026", 2.2, 0.8), 1);
  }
}

/** The .qml of a context layer (io/layers/context-layers.ts): one line or fill symbol in the layer's colours. */
export function contextQml(style: { kind: "line" | "fill"; colour: string; widthPx: number; dash: string; opacity: number }): string {
  // 1 px on our 96-dpi maps ≈ 0.26 mm; QGIS built-in styles stand in for the SVG dash patterns
  const widthMm = Math.round(style.widthPx * 0.26 * 100) / 100;
  if (style.kind === "fill") return single(fill(style.colour, style.opacity, null), 2);
  const sym = line(style.colour, widthMm, style.opacity);
  const parts = style.dash.split(" ").filter(Boolean).length;
  sym.props.line_style = parts === 0 ? "solid" : parts > 2 ? "dash dot" : "dash";
  sym.props.capstyle = "flat";
  return single(sym, 1);
}

/** ArcGIS-like Gi_Bin colours by class -3..3: reds hot, blues cold, light grey not significant (RdYlBu). */
export const HOTSPOT_COLOURS: Record<string, string> = { "-3": "#4575b4", "-2": "#91bfdb", "-1": "#e0f3f8", "0": "#f0f0f0", "1": "#fee090", "2": "#fc8d59", "3": "#d73027" };

/**
 * The .qml of a Gi* hotspot layer: categorised on `giBin` (-3..3), labelled with `labels` (HOTSPOT_CLASSES),
 * in {@link HOTSPOT_COLOURS}, as lines (lixels, hot spots wider) or 60 % fills (cells).
 */
export function hotspotQml(geometry: "line" | "fill", labels: Readonly<Record<string, string>>): string {
  const cats = ["3", "2", "1", "0", "-1", "-2", "-3"].map((v) => ({
    value: v,
    label: labels[v] ?? v,
    sym: geometry === "line" ? line(HOTSPOT_COLOURS[v], v === "0" ? 0.4 : 0.6 + 0.2 * Math.abs(Number(v))) : fill(HOTSPOT_COLOURS[v], 0.6, null),
  }));
  return categorized("giBin", cats, geometry === "line" ? 1 : 2);
}

/** The .qml of network density per lixel: five equal classes of `densityPerKm` (YlOrRd) from 0 to the run's maximum. */
export function networkDensityQml(maxDensityPerKm: number): string {
  return graduated("densityPerKm", densityRamp(maxDensityPerKm, "per km", (c, i) => line(c, 0.4 + 0.25 * i)), 1);
}

/** The .qml of DBSCAN incident clusters: categorised on `role`, core points dark, edge points lighter, noise grey and small. */
export function clusterQml(): string {
  const cats = [
    { value: "core", label: "core point of a cluster", sym: marker("#6a3d9a", "circle", 3) },
    { value: "edge", label: "edge point of a cluster", sym: marker("#cab2d6", "circle", 2.6) },
    { value: "noise", label: "noise (in no cluster)", sym: marker("#969696", "circle", 1.8) },
  ];
  return categorized("role", cats, 0);
}
