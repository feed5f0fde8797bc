/** Hot/cold classes as ArcGIS's Gi_Bin: ±3 at 99 %, ±2 at 95 %, ±1 at 90 % confidence, 0 not significant. */
export const HOTSPOT_CLASSES = {
  "-3": "cold spot, 99 % confidence",
  "-2": "cold spot, 95 % confidence",
  "-1": "cold spot, 90 % confidence",
  "0": "not significant",
  "1": "hot spot, 90 % confidence",
  "2": "hot spot, 95 % confidence",
  "3": "hot spot, 99 % confidence",
} as const;

/** Class of one site from its z-score's sign and its (adjusted) p-value; NaN → 0. */
export function hotspotClass(z: number, p: number): number {
  if (!(p <= 0.1) || Number.isNaN(z) || z === 0) return 0;
  const level = p <= 0.01 ? 3 : p <= 0.05 ? 2 : 1;
  return z > 0 ? level : -level;
}
