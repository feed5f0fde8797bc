import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.ts";
import { hilbert, hilbertOrder } from "../../src/io/write/write-flatgeobuf-index.ts";

describe("hilbertOrder", () => {
  it("is the order of sorting indices by Hilbert key with ties by index (the comparator it replaced), many ties", () => {
    const rand = seededRandom(3);
    const n = 50_000;
    const boxes = new Float64Array(4 * n);
    // centres on a coarse grid, so that many features share a key
    for (let i = 0; i < n; i++) {
      const x = Math.floor(rand() * 100);
      const y = Math.floor(rand() * 100);
      boxes.set([x, y, x, y], 4 * i);
    }
    const extent = [0, 0, 100, 100];
    const key = (i: number) => hilbert(Math.floor((0xffff * ((boxes[4 * i] + boxes[4 * i + 2]) / 2 - extent[0])) / 100), Math.floor((0xffff * ((boxes[4 * i + 1] + boxes[4 * i + 3]) / 2 - extent[1])) / 100));
    const keys = Array.from({ length: n }, (_, i) => key(i));
    const reference = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
    expect(Array.from(hilbertOrder(boxes, extent))).toEqual(reference);
    expect(new Set(keys).size).toBeLessThan(n / 2);
  });
});
