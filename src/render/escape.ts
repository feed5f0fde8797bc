/**
 * Escaping for every text from the data that a renderer puts into SVG or HTML. One place, so a new
 * renderer cannot forget a character.
 */

/** Longest data text a map or report shows; longer ones end in "…" there (the layers keep them whole). */
export const MAX_SHOWN_CHARS = 2000;

/** Characters XML 1.0 cannot carry at all (even escaped): C0 controls but tab/LF/CR, and U+FFFE/U+FFFF. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** A data text as shown: at most MAX_SHOWN_CHARS characters, characters XML cannot carry as "\ufffd". */
export function shownText(text: string): string {
  const short = text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : text;
  return short.replace(NOT_XML, "\ufffd");
}

/**
 * Text or attribute value for HTML and SVG/XML: shortened and cleaned by shownText (so the result is
 * always valid XML, whatever reached the renderer), then & < > " ' replaced by entities.
 */
export function escapeHtml(value: unknown): string {
  return shownText(String(value ?? ""))
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * JSON to place inside an HTML `<script type="application/json">` element: `<`, `>`, `&` and the line
 * separators U+2028/U+2029 written as \u escapes, so no data text can close the element (`</script>`)
 * or open a comment (`<!--`). Strings are shortened as shownText does (a 1 MB text once made the report
 * fail to load); JSON.parse gives back the rest exactly.
 */
export function jsonForScript(value: unknown): string {
  // the replacer is called for every value (each coordinate of 190k stretches at gen.mjs M): when no
  // string would change, JSON.stringify without it writes the same text, several times faster
  const text = anyShownChange(value) ? JSON.stringify(value, (_k, v: unknown) => (typeof v === "string" ? shownText(v) : v)) : JSON.stringify(value);
  return text
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

const NOT_XML_ONE = new RegExp(NOT_XML.source);

/**
 * Whether shownText would change any string value in `value` (plain JSON data: objects, arrays, scalars).
 * Walked with an explicit stack, not recursion: property values from FlatGeobuf or GeoPackage JSON columns
 * are not under the readers' nesting limit (test/no-recursion.test.ts).
 */
function anyShownChange(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.length > MAX_SHOWN_CHARS || NOT_XML_ONE.test(v)) return true;
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x !== "number") stack.push(x);
      continue;
    }
    // a toJSON (a Date, say) could return a string the replacer would see: take the replacer's path then
    if (typeof (v as { toJSON?: unknown }).toJSON === "function") return true;
    for (const k in v) stack.push((v as Record<string, unknown>)[k]);
  }
  return false;
}
