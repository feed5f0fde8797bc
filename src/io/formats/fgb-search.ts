import { Buffer } from "node:buffer";
import { readSync } from "node:fs";
import { streamSearch } from "flatgeobuf/lib/mjs/packedrtree.js";
import { type FgbFile, type FgbHits, fgbError, forEachFeature } from "./fgb-file.ts";

/** A box in the file's own coordinates: [minX, minY, maxX, maxY]. */
export type Bbox = readonly [number, number, number, number];

/**
 * The features whose bounding box meets `box`, in file order. Through the file's packed Hilbert R-tree
 * when it has one: flatgeobuf's own `streamSearch` walks it from the root, asking for the node ranges each
 * level needs, and each range is read from the file at its offset (never the whole index); its leaves give
 * the features' byte offsets. Without an index every feature is read once (through `chunkBytes`) and kept
 * when its bounding box meets the box (`meets`), the same selection. Memory: the node ranges read and two
 * numbers per hit.
 */
export async function findHits(f: FgbFile, box: Bbox, chunkBytes: number): Promise<FgbHits> {
  const hits = growable();
  if (f.indexBytes === 0) {
    forEachFeature(f, chunkBytes, undefined, (feature, id, _bytes, offset) => {
      if (meets(feature as { geometry: { coordinates: unknown } | null }, box)) hits.push(offset, id);
    });
    return hits.done();
  }
  const readNode = async (offsetIntoTree: number, size: number): Promise<ArrayBuffer> => {
    if (offsetIntoTree + size > f.indexBytes) throw fgbError(f.file, `its spatial index asks for bytes ${offsetIntoTree}-${offsetIntoTree + size} of a ${f.indexBytes}-byte index: the index is damaged`);
    const b = Buffer.alloc(size);
    for (let n = 0; n < size; ) {
      const got = readSync(f.fd, b, n, size - n, f.indexStart + offsetIntoTree + n);
      if (got === 0) throw fgbError(f.file, "the file changed while its index was read");
      n += got;
    }
    return b.buffer.slice(b.byteOffset, b.byteOffset + size) as ArrayBuffer;
  };
  // flatgeobuf 4.5's tree search logs every step with console.debug, which Node prints on stdout (and
  // would corrupt --json output): silenced for the search, put back after it
  const debug = console.debug;
  console.debug = () => undefined;
  try {
    const rect = { minX: box[0], minY: box[1], maxX: box[2], maxY: box[3] };
    for await (const [offset, id] of streamSearch(f.header.featuresCount, f.header.indexNodeSize, rect, readNode)) hits.push(offset, id);
  } catch (e) {
    if ((e as { issues?: unknown }).issues !== undefined) throw e;
    throw fgbError(f.file, `its spatial index cannot be searched (${(e as Error).message}): the index is damaged`);
  } finally {
    console.debug = debug;
  }
  return hits.done();
}

/** Pairs (offset, id) in typed arrays that grow by doubling; `done` sorts them by id (the tree yields them level by level). */
function growable(): { push: (offset: number, id: number) => void; done: () => FgbHits } {
  let offsets = new Float64Array(1024);
  let ids = new Float64Array(1024);
  let n = 0;
  return {
    push(offset, id) {
      if (n === ids.length) {
        const o = new Float64Array(2 * n);
        o.set(offsets);
        offsets = o;
        const i = new Float64Array(2 * n);
        i.set(ids);
        ids = i;
      }
      offsets[n] = offset;
      ids[n++] = id;
    },
    done() {
      const order = new Uint32Array(n);
      for (let k = 0; k < n; k++) order[k] = k;
      order.sort((a, b) => ids[a] - ids[b]);
      const out = { offsets: new Float64Array(n), ids: new Float64Array(n) };
      for (let k = 0; k < n; k++) {
        out.offsets[k] = offsets[order[k]];
        out.ids[k] = ids[order[k]];
      }
      return out;
    },
  };
}

/** Whether a feature's bounding box meets the box (edges included, as the R-tree search counts them). */
export function meets(f: { geometry: { coordinates: unknown } | null }, box: Bbox): boolean {
  if (f.geometry === null) return false;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  // an explicit stack, not recursion (test/no-recursion.test.ts): positions at any depth
  const stack: unknown[] = [f.geometry.coordinates];
  while (stack.length > 0) {
    const c = stack.pop();
    if (!Array.isArray(c)) continue;
    if (typeof c[0] === "number") {
      const x = c[0] as number;
      const y = c[1] as number;
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    } else for (const d of c) stack.push(d);
  }
  return x0 <= box[2] && x1 >= box[0] && y0 <= box[3] && y1 >= box[1];
}
