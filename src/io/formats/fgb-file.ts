import { Buffer } from "node:buffer";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { ByteBuffer } from "flatbuffers";
import { ColumnType } from "flatgeobuf/lib/mjs/flat-geobuf/column-type.js";
import { Feature } from "flatgeobuf/lib/mjs/flat-geobuf/feature.js";
import { parseProperties } from "flatgeobuf/lib/mjs/generic/feature.js";
import { fromGeometry } from "flatgeobuf/lib/mjs/geojson/geometry.js";
import { fromByteBuffer, type HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import { calcTreeSize } from "flatgeobuf/lib/mjs/packedrtree.js";
import { InputError } from "../../core/errors.ts";
import type { DeclaredCrs, FgbHits, LoadIssue } from "./loaded-layer.ts";

export type { FgbHits };

/**
 * A FlatGeobuf file open for positional reads: its header decoded by flatgeobuf's own `fromByteBuffer`, and
 * where its index and its features start. Written by hand here is only the file-reading loop (bytes at an
 * offset, through one reused buffer): flatgeobuf 4.5 reads either a whole Uint8Array (`deserialize`), a web
 * stream through promises (`deserializeStream`) or HTTP ranges, and the intake is synchronous; its whole
 * read also checks nothing of the file's framing (a 20-byte file makes it loop for ever, a cut feature
 * surfaces as "Invalid typed array length"). Every decode — header, feature table, geometry, properties —
 * is flatgeobuf's.
 */
export interface FgbFile {
  file: string;
  fd: number;
  size: number;
  header: HeaderMeta;
  /** Byte offset of the packed R-tree (the index), when the file has one. */
  indexStart: number;
  indexBytes: number;
  /** Byte offset of the first feature: the index's leaf offsets count from here. */
  featuresStart: number;
}


const MAGIC = [0x66, 0x67, 0x62]; // "fgb", as flatgeobuf's readers check it
const HEADER_MAX_BYTES = 10 * 2 ** 20; // flatgeobuf's ArrayReader refuses larger headers

/** The InputError every broken FlatGeobuf gives, in the whole read and the streamed one alike. */
export function fgbError(file: string, why: string): InputError {
  return new InputError([{ file, code: "file-unreadable", message: `cannot read the FlatGeobuf file: ${why}` }]);
}

/** Open a FlatGeobuf file and read its header; a missing, short or damaged file is a clear InputError. */
export function openFlatGeobuf(file: string): FgbFile {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    throw fgbError(file, (e as Error).message);
  }
  try {
    const size = fstatSync(fd).size;
    const head = readAt(fd, 0, Math.min(size, 12));
    if (size < 12) throw fgbError(file, `the file has ${size} bytes, too few for a FlatGeobuf header: not a FlatGeobuf file, or truncated`);
    if (!MAGIC.every((b, i) => head[i] === b)) throw fgbError(file, "not a FlatGeobuf file (its first bytes are not the FlatGeobuf magic \"fgb\")");
    const headerLength = head.readUInt32LE(8);
    if (headerLength < 8 || headerLength > HEADER_MAX_BYTES) throw fgbError(file, `invalid header size ${headerLength} bytes`);
    if (12 + headerLength > size) throw fgbError(file, `the header (${headerLength} bytes) is cut off: the file has only ${size} bytes; it is truncated`);
    const bytes = new Uint8Array(4 + headerLength);
    bytes.set(readAt(fd, 8, 4 + headerLength));
    let header: HeaderMeta;
    try {
      header = fromByteBuffer(new ByteBuffer(bytes));
    } catch (e) {
      throw fgbError(file, `its header cannot be decoded (${(e as Error).message})`);
    }
    const indexStart = 12 + headerLength;
    // an empty layer has no tree (and calcTreeSize never ends for 0 items)
    const indexBytes = header.indexNodeSize > 0 && header.featuresCount > 0 ? calcTreeSize(header.featuresCount, header.indexNodeSize) : 0;
    if (indexStart + indexBytes > size) throw fgbError(file, `its spatial index (${indexBytes} bytes from byte ${indexStart}, for the ${header.featuresCount} features its header counts) is cut off: the file has ${size} bytes; it is truncated`);
    return { file, fd, size, header, indexStart, indexBytes, featuresStart: indexStart + indexBytes };
  } catch (e) {
    closeSync(fd);
    if (e instanceof InputError) throw e;
    throw fgbError(file, (e as Error).message);
  }
}

export function closeFlatGeobuf(f: FgbFile): void {
  closeSync(f.fd);
}

/**
 * Visit the file's features in file order — all of them, or only `hits` — decoded as GeoJSON features
 * (flatgeobuf's fromGeometry and parseProperties, with the feature's 0-based number as `id`, as its
 * `deserialize` gives them; a feature with no geometry gets `geometry: null`, for the intake to reject by
 * number). Bytes come through one reused buffer of `chunkBytes` (grown only for a larger feature); a
 * feature is decoded where it lies when that is 8-aligned and the layer has no Binary column, else copied
 * to its own aligned bytes first (as flatgeobuf's stream reader does), so no decoded value refers to the
 * reused buffer. A size prefix or feature past the end of the file, a count
 * other than the header's, or a feature that cannot be decoded is an InputError naming the feature.
 */
export function forEachFeature(f: FgbFile, chunkBytes: number, hits: FgbHits | undefined, visit: (feature: unknown, id: number, bytes: number, offset: number) => void): number {
  let buf = Buffer.allocUnsafe(Math.max(64, chunkBytes));
  let winStart = 0;
  let winEnd = 0; // the buffer holds the file's bytes [winStart, winEnd)
  const bytesAt = (at: number, length: number): Buffer => {
    if (at < winStart || at + length > winEnd) {
      if (length > buf.length) buf = Buffer.allocUnsafe(length);
      const n = fill(f.fd, buf, Math.min(buf.length, f.size - at), at);
      winStart = at;
      winEnd = at + n;
      if (at + length > winEnd) throw fgbError(f.file, `the file changed while it was read (fewer bytes than its size at byte ${at})`);
    }
    return buf.subarray(at - winStart, at - winStart + length);
  };
  const inPlace = !(f.header.columns ?? []).some((c) => c.type === ColumnType.Binary);
  const count = hits ? hits.ids.length : Number.POSITIVE_INFINITY;
  let at = f.featuresStart;
  let k = 0;
  for (; k < count; k++) {
    const id = hits ? hits.ids[k] : k;
    if (hits) at = f.featuresStart + hits.offsets[k];
    else if (at >= f.size) break;
    const which = `feature ${id + 1}`;
    if (at + 4 > f.size) throw fgbError(f.file, `${which} starts at byte ${at}, past the end of the file (${f.size} bytes)${hits ? ", where the spatial index points" : ""}: the file is truncated or its index damaged`);
    const length = bytesAt(at, 4).readUInt32LE(0);
    if (at + 4 + length > f.size) throw fgbError(f.file, `${which} (${length} bytes from byte ${at + 4}) runs past the end of the file (${f.size} bytes): the file is truncated`);
    const framed = bytesAt(at, 4 + length);
    // decoded in place when the feature sits 8-aligned in the buffer (flatbuffers' doubles need it; our writer
    // and GDAL pad features so) and no column is Binary (flatgeobuf returns those as views of the bytes):
    // every decoded value is then a copy. Else copied to its own aligned bytes, as flatgeobuf's stream reader does.
    let bytes: Uint8Array = framed;
    if (!inPlace || framed.byteOffset % 8 !== 0) {
      bytes = new Uint8Array(length + 4);
      bytes.set(framed.subarray(4), 4);
    }
    visit(decode(f, bytes, id, which), id, length + 4, at - f.featuresStart);
    at += 4 + length;
  }
  if (!hits && f.header.featuresCount > 0 && k !== f.header.featuresCount) throw fgbError(f.file, `its header counts ${f.header.featuresCount} features but the file holds ${k}: it is truncated or damaged`);
  return k;
}

function decode(f: FgbFile, aligned: Uint8Array, id: number, which: string): unknown {
  // flatbuffers reads past its buffer as zeros, silently: a table or vtable outside the feature's bytes is
  // damage, said so here (what lies inside is flatgeobuf's to decode)
  const view = new DataView(aligned.buffer, aligned.byteOffset, aligned.byteLength);
  const table = aligned.length >= 8 ? 4 + view.getUint32(4, true) : aligned.length;
  const vtable = table + 4 <= aligned.length ? table - view.getInt32(table, true) : -1;
  if (vtable < 4 || vtable + 4 > aligned.length || vtable + view.getUint16(vtable, true) > aligned.length) throw fgbError(f.file, `${which} cannot be decoded (its table lies outside its ${aligned.length - 4} bytes): the file is damaged`);
  try {
    const feature = Feature.getSizePrefixedRootAsFeature(new ByteBuffer(aligned));
    const g = feature.geometry();
    const geometry = g === null ? null : fromGeometry(g, f.header.geometryType);
    return { type: "Feature", id, geometry, properties: parseProperties(feature, f.header.columns) };
  } catch (e) {
    throw fgbError(f.file, `${which} cannot be decoded (${(e as Error).message}): the file is damaged`);
  }
}

/** `length` bytes at `at` into a fresh Buffer (short when the file is). */
function readAt(fd: number, at: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  fill(fd, b, length, at);
  return b;
}

/** Read up to `length` bytes at `at` into the start of `buf`, looping over short reads; the count read. */
function fill(fd: number, buf: Buffer, length: number, at: number): number {
  let n = 0;
  while (n < length) {
    const got = readSync(fd, buf, n, length - n, at + n);
    if (got === 0) break;
    n += got;
  }
  return n;
}

/** The CRS the header declares (the EPSG code when the organisation is EPSG, else its WKT), if any. */
export function headerCrs(header: HeaderMeta): DeclaredCrs | undefined {
  const crs = header.crs;
  const spec = crs ? ((crs.org ?? "EPSG").toUpperCase() === "EPSG" && crs.code > 0 ? `EPSG:${crs.code}` : (crs.wkt ?? undefined)) : undefined;
  return spec ? { spec, from: "FlatGeobuf header" } : undefined;
}

/** The header's file-level finding: no CRS named. */
export function headerNotes(header: HeaderMeta): LoadIssue[] {
  return headerCrs(header) ? [] : [{ code: "missing-sidecar", message: "the FlatGeobuf header names no CRS: coordinates are read as WGS 84 lon/lat; give --crs if they are not", severity: "warning" }];
}
