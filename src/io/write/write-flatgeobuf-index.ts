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
export function hilbertOrder(boxes: Float64Array, extent: readonly number[]): ArrayLike<number> {
  const n = boxes.length / 4;
  const max = 0xffff;
  const w = extent[2] - extent[0];
  const h = extent[3] - extent[1];
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = w > 0 ? Math.floor((max * ((boxes[4 * i] + boxes[4 * i + 2]) / 2 - extent[0])) / w) : 0;
    const y = h > 0 ? Math.floor((max * ((boxes[4 * i + 1] + boxes[4 * i + 3]) / 2 - extent[1])) / h) : 0;
    keys[i] = hilbert(x, y);
  }
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
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
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
  for (let i = 0; i < n; i++) {
    nodes.set(boxes.subarray(4 * i, 4 * i + 4), 4 * (leaf0 + i));
    nodeOffset[leaf0 + i] = offsets[i];
  }
  for (let level = 0; level < bounds.length - 1; level++) {
    let pos = bounds[level][0];
    const end = bounds[level][1];
    let parent = bounds[level + 1][0];
    while (pos < end) {
      const b = [Infinity, Infinity, -Infinity, -Infinity];
      nodeOffset[parent] = pos;
      for (let j = 0; j < nodeSize && pos < end; j++, pos++) {
        b[0] = Math.min(b[0], nodes[4 * pos]);
        b[1] = Math.min(b[1], nodes[4 * pos + 1]);
        b[2] = Math.max(b[2], nodes[4 * pos + 2]);
        b[3] = Math.max(b[3], nodes[4 * pos + 3]);
      }
      nodes.set(b, 4 * parent++);
    }
  }
  const bytes = new Uint8Array(numNodes * NODE_BYTES);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < numNodes; i++) {
    for (let k = 0; k < 4; k++) view.setFloat64(i * NODE_BYTES + 8 * k, nodes[4 * i + k], true);
    view.setBigUint64(i * NODE_BYTES + 32, BigInt(nodeOffset[i]), true);
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
