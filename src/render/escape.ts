/**
 * Escaping for every text from the data that a renderer puts into SVG or HTML. One place, so a new
 * renderer cannot forget a character.
 */

/** Text or attribute value for HTML and SVG/XML: & < > " ' replaced by entities. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * JSON to place inside an HTML `<script type="application/json">` element: `<`, `>`, `&` and the line
 * separators U+2028/U+2029 written as \u escapes, so no data text can close the element (`</script>`)
 * or open a comment (`<!--`); JSON.parse gives back exactly the same values.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}
