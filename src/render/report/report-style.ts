/** The report's own CSS (maplibre-gl's CSS is embedded beside it). */
export const REPORT_CSS = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 0; color: #1a1a1a; background: #fff; }
header { padding: 12px 20px; border-bottom: 1px solid #ccc; }
h1 { font-size: 1.4rem; margin: 0; }
.sub { color: #555; margin: 4px 0 0; font-size: 0.85rem; }
main { padding: 0 20px 20px; max-width: 1400px; }
h2 { font-size: 1.15rem; margin: 20px 0 8px; }
[hidden] { display: none !important; }
.cluster-count { font-size: 11px; font-weight: bold; color: #fff; pointer-events: none; }
.pager button { margin-left: 6px; }
.map-wrap { display: flex; gap: 12px; }
#static-map svg { max-width: 100%; height: auto; }
#map { flex: 1; height: 560px; border: 1px solid #999; }
#feature-info { width: 280px; max-height: 560px; overflow: auto; font-size: 0.8rem; }
#feature-info dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 0; }
#feature-info dt { color: #555; }
#feature-info dd { margin: 0; overflow-wrap: anywhere; }
.place { font-size: 12px; color: #222; text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap; pointer-events: none; }
.caveat { background: #fff4e5; border-left: 4px solid #f4a718; padding: 8px 12px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
.facts dt { font-weight: bold; }
.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.85rem; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td { overflow-wrap: anywhere; max-width: 28rem; }
figure { margin: 12px 0; }
footer { border-top: 1px solid #ccc; padding: 8px 20px; font-size: 0.8rem; color: #444; }
@media print { #map, #feature-info { display: none; } }
`;
