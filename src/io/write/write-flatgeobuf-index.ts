/**
 * The packed Hilbert R-tree of a FlatGeobuf file (spec: flatgeobuf.org, "Index" section; reference code
 * src/cpp/packedrtree.cpp). The flatgeobuf npm package reads this index but its writer emits none, so
 * it is built here: sort the features by the Hilbert value of their box centres, then pack boxes
 * bottom-up, `nodeSize` children per parent. Layout: root first, leaves last; a leaf's `offset` is its
 * feature's byte offset in the feature section, an inner node's is the node index of its first child.
 * Checked against two independent readers: flatgeobuf's own bbox search and GDAL (ogrinfo -spat).
 */

/** Bytes per node: minX, minY, maxX, maxY (float64) and offset (uint64). */
export const NODE_BYTES = 40;

/** [first, end) node index of each level, leaves (level 0) first, as FlatGeobuf computes them. */
export function levelBounds(numItems: number, nodeSize: number): [number, number][] {
  let n = numItems;
  let numNodes = n;
  const levelNumNodes = [n];
  do {
    n = Math.ceil(n / nodeSize);
    numNodes += n;
    levelNumNodes.push(n);
  } while (n !== 1);
  const bounds: [number, number][] = [];
  let end = numNodes;
  for (const size of levelNumNodes) {
    end -= size;
    bounds.push([end, end + size]);
  }
  return bounds;
}

/**
 * Order of the features along a Hilbert curve of their box centres over `extent` (minX, minY, maxX,
 * maxY), 16 bits per axis as in FlatGeobuf; ties keep input order, so the order is deterministic.
 */
export function hilbertOrder(boxes: Float64Array, extent: readonly number[]): Uint32Array {
  const n = boxes.length / 4;
  const keys = new Uint32Array(n); // hilbert() is an unsigned 32-bit value
  hilbertKeys(boxes, extent, keys, 0);
  // keys are below 2^32: key · n + i is exact below 2^53 (n ≤ 2^21), so one numeric sort of a typed array
  // gives the comparator's order (by key, ties by index) without a callback per comparison
  if (n <= 2 ** 21) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = keys[i] * n + i;
    packed.sort();
    const order = new Uint32Array(n);
    for (let k = 0; k < n; k++) order[k] = packed[k] % n;
    return order;
  }
  return radixOrder(keys);
}

/** The Hilbert value of each box's centre over `extent` into keys[at], keys[at + 1], … (the key of {@link hilbertOrder}). */
export function hilbertKeys(boxes: Float64Array, extent: readonly number[], keys: Uint32Array, at: number): void {
  const max = 0xffff;
  const w = extent[2] - extent[0];
  const h = extent[3] - extent[1];
  const n = boxes.length / 4;
  for (let i = 0; i < n; i++) {
    const x = w > 0 ? Math.floor((max * ((boxes[4 * i] + boxes[4 * i + 2]) / 2 - extent[0])) / w) : 0;
    const y = h > 0 ? Math.floor((max * ((boxes[4 * i + 1] + boxes[4 * i + 3]) / 2 - extent[1])) / h) : 0;
    keys[at + i] = hilbert(x, y);
  }
}

/**
 * The indices 0 … n − 1 sorted by `keys`, ties by index: a stable least-significant-digit radix sort in two
 * passes of 16 bits. Written by hand because above 2²¹ features (8.66 M lixels at bench L) the packed-key
 * trick of hilbertOrder is no longer exact, and a comparator sort of that many indices takes a JS array of
 * them and seconds of callbacks; this takes three Uint32Arrays of n.
 */
export function radixOrder(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  let order = new Uint32Array(n);
  let next = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const count = new Uint32Array(1 << 16);
  for (let shift = 0; shift < 32; shift += 16) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[i] >>> shift) & 0xffff]++;
    let start = 0;
    for (let d = 0; d < count.length; d++) {
      const c = count[d];
      count[d] = start;
      start += c;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[count[(keys[i] >>> shift) & 0xffff]++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}

/**
 * The index bytes for features already in Hilbert order: `boxes` (4 per feature) and `offsets` (byte
 * offset of each feature in the feature section).
 */
export function packedRTree(boxes: Float64Array, offsets: ArrayLike<number>, nodeSize: number): Uint8Array {
  const n = offsets.length;
  const bounds = levelBounds(n, nodeSize);
  const numNodes = bounds[0][1];
  const nodes = new Float64Array(numNodes * 4);
  const nodeOffset = new Float64Array(numNodes);
  const leaf0 = bounds[0][0];
  nodes.set(boxes.subarray(0, 4 * n), 4 * leaf0);
  for (let i = 0; i < n; i++) nodeOffset[leaf0 + i] = offsets[i];
  fillParents(nodes, nodeOffset, bounds, nodeSize);
  return nodeBytes(nodes, nodeOffset, 0, numNodes);
}

/**
 * The inner nodes of a packed R-tree whose leaves (boxes in `nodes`, feature offsets in `nodeOffset`, at
 * the leaf level of `bounds`) are set: each parent's box bounds its `nodeSize` children, its offset is
 * the node index of its first child.
 */
export function fillParents(nodes: Float64Array, nodeOffset: Float64Array, bounds: readonly [number, number][], nodeSize: number): void {
  for (let level = 0; level < bounds.length - 1; level++) {
    let pos = bounds[level][0];
    const end = bounds[level][1];
    let parent = bounds[level + 1][0];
    while (pos < end) {
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      nodeOffset[parent] = pos;
      for (let j = 0; j < nodeSize && pos < end; j++, pos++) {
        x0 = Math.min(x0, nodes[4 * pos]);
        y0 = Math.min(y0, nodes[4 * pos + 1]);
        x1 = Math.max(x1, nodes[4 * pos + 2]);
        y1 = Math.max(y1, nodes[4 * pos + 3]);
      }
      nodes[4 * parent] = x0;
      nodes[4 * parent + 1] = y0;
      nodes[4 * parent + 2] = x1;
      nodes[4 * parent + 3] = y1;
      parent++;
    }
  }
}

/** The bytes of nodes [from, to): four little-endian float64 and a uint64 offset each. */
export function nodeBytes(nodes: Float64Array, nodeOffset: Float64Array, from: number, to: number): Uint8Array {
  const bytes = new Uint8Array((to - from) * NODE_BYTES);
  const view = new DataView(bytes.buffer);
  for (let i = from; i < to; i++) {
    const at = (i - from) * NODE_BYTES;
    for (let k = 0; k < 4; k++) view.setFloat64(at + 8 * k, nodes[4 * i + k], true);
    view.setBigUint64(at + 32, BigInt(nodeOffset[i]), true);
  }
  return bytes;
}

/**
 * Hilbert index of (x, y) in a 2^16 × 2^16 grid: the branch-free algorithm by rawrunprotected (public
 * domain, "2D Hilbert curves in O(1)"), as used by FlatGeobuf and Flatbush.
 */
/** The Hilbert value of cell (x, y), 16 bits per axis (exported for its test). */
export function hilbert(x: number, y: number): number {
  let a = x ^ y;
  let b = 0xffff ^ a;
  let c = 0xffff ^ (x | y);
  let d = x & (y ^ 0xffff);
  let A = a | (b >> 1);
  let B = (a >> 1) ^ a;
  let C = ((c >> 1) ^ (b & (d >> 1))) ^ c;
  let D = ((a & (c >> 1)) ^ (d >> 1)) ^ d;
  a = A; b = B; c = C; d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
  a = A; b = B; c = C; d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
  a = A; b = B; c = C; d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
  a = C ^ (C >> 1);
  b = D ^ (D >> 1);
  let i0 = x ^ y;
  let i1 = b | (0xffff ^ (i0 | a));
  i0 = (i0 | (i0 << 8)) & 0x00ff00ff;
  i0 = (i0 | (i0 << 4)) & 0x0f0f0f0f;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;
  i1 = (i1 | (i1 << 8)) & 0x00ff00ff;
  i1 = (i1 | (i1 << 4)) & 0x0f0f0f0f;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;
  return ((i1 << 1) | i0) >>> 0;
}
