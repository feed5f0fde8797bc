/**
 * Point symbols as SVG path data centred on (0, 0), one per shape name of DEVICE_STYLES, so the static
 * map uses the same shapes as the QGIS style. Sizes in pixels (the symbol's full width).
 */
export function symbolPath(shape: string, sizePx: number): string {
  const r = sizePx / 2;
  const pts = (list: [number, number][]) => `M${list.map(([x, y]) => `${f(x * r)},${f(y * r)}`).join("L")}Z`;
  switch (shape) {
    case "triangle":
      return pts([[0, -1.1], [1, 0.75], [-1, 0.75]]);
    case "diamond":
      return pts([[0, -1.15], [0.85, 0], [0, 1.15], [-0.85, 0]]);
    case "square":
      return pts([[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]]);
    case "star": {
      const list: [number, number][] = [];
      for (let k = 0; k < 10; k++) {
        const a = (k * Math.PI) / 5 - Math.PI / 2;
        const rad = k % 2 === 0 ? 1.15 : 0.5;
        list.push([rad * Math.cos(a), rad * Math.sin(a)]);
      }
      return pts(list);
    }
    case "cross2": {
      const t = 0.3;
      return pts([[-t, -1], [t, -1], [t, -t], [1, -t], [1, t], [t, t], [t, 1], [-t, 1], [-t, t], [-1, t], [-1, -t], [-t, -t]]);
    }
    default:
      return `M${f(-r)},0A${f(r)},${f(r)} 0 1,0 ${f(r)},0A${f(r)},${f(r)} 0 1,0 ${f(-r)},0Z`;
  }
}

const f = (v: number) => {
  const s = v.toFixed(1);
  return s === "-0.0" ? "0.0" : s;
};
