import { Resvg } from "@resvg/resvg-js";

/**
 * SVG text → PNG bytes with resvg (the one door to @resvg/resvg-js). System fonts are loaded, or text
 * would vanish silently (../shared/TOOLING.md); install a font package such as fonts-dejavu-core.
 * `widthPx` scales the image to that width; default: the SVG's own size.
 */
export function svgToPng(svg: string, options: { widthPx?: number } = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    fitTo: options.widthPx ? { mode: "width", value: options.widthPx } : { mode: "original" },
    background: "white",
  });
  return resvg.render().asPng();
}
