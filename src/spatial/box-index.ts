import Flatbush from "flatbush";

/** A Flatbush index over boxes: box i is boxes[4i … 4i + 3] = minX, minY, maxX, maxY. */
export interface BoxIndex {
  readonly boxes: Float64Array;
  readonly index: Flatbush;
}

/** Index boxes once (any units, e.g. WGS84 degrees); query many with `boxesIntersecting`. */
export function buildBoxIndex(boxes: Float64Array): BoxIndex {
  const n = boxes.length / 4;
  const index = new Flatbush(Math.max(1, n));
  for (let i = 0; i < n; i++) index.add(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
  if (n === 0) index.add(Infinity, Infinity, Infinity, Infinity);
  index.finish();
  return { boxes, index };
}

/** Indices of the boxes that intersect (or touch) box i of the index, other than i, in increasing order. */
export function boxesIntersecting(bi: BoxIndex, i: number): number[] {
  const b = bi.boxes;
  const n = b.length / 4;
  return bi.index
    .search(b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3], (j) => j !== i && j < n)
    .sort((x, y) => x - y);
}
