/** Magic numbers of binary formats people give instead of GeoJSON/CSV, and what to do instead. */
const MAGIC: [bytes: number[], what: string][] = [
  [[0x50, 0x4b, 0x03, 0x04], "a ZIP archive (zipped shapefile, .xlsx, .kmz?)"],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], "an SQLite database (GeoPackage?)"],
  [[0x00, 0x00, 0x27, 0x0a], "an ESRI shapefile (.shp)"],
  [[0x25, 0x50, 0x44, 0x46], "a PDF"],
  [[0x89, 0x50, 0x4e, 0x47], "a PNG image"],
  [[0xff, 0xd8, 0xff], "a JPEG image"],
  [[0x1f, 0x8b], "a gzip file"],
  [[0xd0, 0xcf, 0x11, 0xe0], "an old Office file (.xls?)"],
];

/**
 * What a file's bytes are when they are not text, or undefined for text: a known magic number, else a NUL
 * byte or more than 5 % control / invalid UTF-8 characters in the first 64 KB (tab, CR, LF, FF are text).
 * Lets a reader refuse binary input with a message that never echoes its bytes.
 */
export function binaryKind(bytes: Uint8Array, text: string): string | undefined {
  for (const [magic, what] of MAGIC) if (magic.every((b, k) => bytes[k] === b)) return what;
  const head = text.slice(0, 65_536);
  let bad = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return "binary data (it has NUL bytes)";
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd || c === 0x7f) bad++;
  }
  return head.length > 0 && bad > 0.05 * head.length ? "binary data (not UTF-8 text)" : undefined;
}

/** Text safe to quote in a message: control and invalid characters as "�", at most `max` characters. */
export function printable(text: string, max = 200): string {
  const clean = text.replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/g, "�");
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
