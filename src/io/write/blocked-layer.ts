/**
 * A typed layer (typed-layer.ts) given as consecutive blocks, so a layer too large to hold at once (the
 * lixels of a tiled XL run, ≈ 87 M of them: pipeline/tiles/) is written and drawn one block at a time:
 * each block a TypedLayer of consecutive features with the same columns, built when the pass reaches it.
 * Every consumer (the GeoJSON, GeoJSON Text Sequences and CSV writers, the report's stretches, the static
 * map's fit and the report's bounds) gives the same bytes as for the whole TypedLayer
 * (test/io/blocked-layer.test.ts, test/render/blocked-map.test.ts).
 */
import { polylineBox } from "../../core/math.ts";
import { forgetColumnData } from "../typed/column-data.ts";
import { type TypedColumn, type TypedLayer, typedLayer } from "./typed-layer.ts";

/** A typed layer given as consecutive blocks (each a TypedLayer of LineStrings with the same columns); each
 *  call of blocks() is a new pass from the start; the blocks' features in order are the layer's. */
export interface BlockedLayer {
  readonly blocked: true;
  readonly length: number; // features in all blocks
  readonly vertexCount: number; // vertices in all blocks (sum of each block's offsets[len] - offsets[0])
  blocks(): Iterable<TypedLayer>;
}

export function isBlockedLayer(x: unknown): x is BlockedLayer {
  return typeof x === "object" && x !== null && (x as { blocked?: unknown }).blocked === true && typeof (x as { blocks?: unknown }).blocks === "function";
}

/** Vertices of a block: its own offsets, which need not start at 0 nor continue the previous block's. */
export function blockVertices(block: TypedLayer): number {
  return block.length > 0 ? block.offsets[block.length] - block.offsets[0] : 0;
}

/**
 * The layer's blocks, one pass, each checked to be a LineString layer with the first block's columns, its
 * column data (column-data.ts) let go once the consumer asks for the next block; at the end of the pass,
 * the features and vertices counted must be the layer's `length` and `vertexCount`. A mismatch is a
 * defect of whoever built the blocks (not of user data), so it throws a plain Error naming it: a wrong
 * count would otherwise change a map's sampling stride or a sidecar's feature count without a word.
 */
export function* eachBlock(layer: BlockedLayer): Generator<TypedLayer> {
  const keep = SHARED.has(layer); // a reader in step with others (inStep): the driver lets the data go
  let names: string | undefined;
  let features = 0;
  let vertices = 0;
  let k = 0;
  for (const block of layer.blocks()) {
    if (block.geometryType !== "LineString") throw new Error(`blocked layer: block ${k + 1} is a ${block.geometryType} layer; only LineString blocks are supported`);
    const these = block.columns.map((c) => c.name).join("\u0000");
    names ??= these;
    if (these !== names) throw new Error(`blocked layer: block ${k + 1} has columns ${block.columns.map((c) => c.name).join(", ")}, not those of block 1`);
    features += block.length;
    vertices += blockVertices(block);
    k++;
    yield block;
    if (!keep) forgetColumnData(block);
  }
  if (features !== layer.length || vertices !== layer.vertexCount) {
    throw new Error(`blocked layer: its ${k} block(s) hold ${features} features and ${vertices} vertices, but the layer says ${layer.length} and ${layer.vertexCount}`);
  }
}

/** The views {@link inStep} hands its readers: their blocks' column data is let go by inStep, once all are past. */
const SHARED = new WeakSet<BlockedLayer>();

/**
 * Several readers of the layer (e.g. the GeoJSON and CSV writers) over ONE pass of its blocks: reader k
 * is given a view of the layer (one pass only) and returns an iterator of pieces, each handed to
 * `sink(k, piece)`; the readers are pulled in step, each up to the block the first has reached, and a
 * block's column data (column-data.ts) is read once for all of them and let go when every reader is past
 * it. Blocks alive: two, plus those one piece of a reader spans (a piece is ≈ 1 MiB of text, so only
 * blocks smaller than that). Each reader sees the blocks of a pass of its own: its pieces are those it
 * would make alone. Made for the writers (write-layer.ts): a block costs its maker real work.
 */
export function inStep<T>(layer: BlockedLayer, readers: readonly ((view: BlockedLayer) => Iterator<T>)[], sink: (k: number, piece: T) => void): void {
  // a view of its own, so the caller's layer is read as usual by its later passes
  const source = eachBlock(shared({ blocked: true, length: layer.length, vertexCount: layer.vertexCount, blocks: () => layer.blocks() }));
  const window: TypedLayer[] = []; // blocks base, base + 1, …
  let base = 0;
  const asked = readers.map(() => 0); // blocks asked for by each reader (Infinity: done)
  const blockFor = (k: number): IteratorResult<TypedLayer> => {
    const at = asked[k]++;
    while (base + window.length <= at) {
      const r = source.next();
      if (r.done) return { done: true, value: undefined };
      window.push(r.value);
    }
    return { done: false, value: window[at - base] };
  };
  const iterators = readers.map((read, k) => {
    let passes = 0;
    const view = shared({ blocked: true, length: layer.length, vertexCount: layer.vertexCount, blocks: () => {
      if (passes++ > 0) throw new Error("inStep: a reader makes one pass over the blocks");
      return { [Symbol.iterator]: () => ({ next: () => blockFor(k) }) };
    } });
    return read(view);
  });
  const done = readers.map(() => false);
  for (let target = 1; done.includes(false); target++) {
    for (let k = 0; k < iterators.length; k++) {
      while (!done[k] && asked[k] <= target) {
        const r = iterators[k].next();
        if (r.done) {
          done[k] = true;
          asked[k] = Infinity;
        } else sink(k, r.value);
      }
    }
    // every reader is past the blocks before the one the slowest is on
    const slowest = asked.reduce((m, a) => Math.min(m, a), Infinity);
    while (window.length > 0 && base < slowest - 1) {
      forgetColumnData(window.shift() as TypedLayer);
      base++;
    }
  }
  for (const block of window) forgetColumnData(block);
  // the source's own end: its counts checked against the layer's
  if (!source.next().done) throw new Error("inStep: the readers stopped before the last block");
}

function shared(layer: BlockedLayer): BlockedLayer {
  SHARED.add(layer);
  return layer;
}

/** Boxes of blocked layers already passed over (see {@link blockedBox}). */
const BOXES = new WeakMap<BlockedLayer, readonly [number, number, number, number]>();

/**
 * [minX, minY, maxX, maxY] of every vertex of the layer (±Infinity: none), compared as core/math's
 * polylineBox compares, so it is the whole TypedLayer's box (min and max do not depend on the order):
 * one pass over the blocks the first time, then kept with the layer (as column-data.ts keeps a layer's
 * columns), since every pass gives the same blocks. The map's fit, the report's bounds and the display
 * tolerance all need it: one pass instead of four.
 */
export function blockedBox(layer: BlockedLayer): readonly [number, number, number, number] {
  let box = BOXES.get(layer);
  if (box) return box;
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const block of eachBlock(layer)) if (block.length > 0) growBox(b, polylineBox(block.lonLat, block.offsets[0], block.offsets[block.length]));
  BOXES.set(layer, (box = b));
  return box;
}

/** Keep `box` as the layer's {@link blockedBox}, found by a pass made anyway (the map's dense-area sampling). */
export function keepBlockedBox(layer: BlockedLayer, box: readonly [number, number, number, number]): void {
  BOXES.set(layer, box);
}

/** Grow `box` by another box, compared as polylineBox compares vertices. */
export function growBox(box: [number, number, number, number], by: readonly [number, number, number, number]): void {
  if (by[0] < box[0]) box[0] = by[0];
  if (by[1] < box[1]) box[1] = by[1];
  if (by[2] > box[2]) box[2] = by[2];
  if (by[3] > box[3]) box[3] = by[3];
}

/**
 * Feature `from` ≤ i < `to` of `layer` as a layer of its own, sharing the layer's vertex array (no copy);
 * `copy`: with its own vertices instead, offsets from 0 (as a block built from disk has them).
 */
export function subLayer(layer: TypedLayer, from: number, to: number, copy = false): TypedLayer {
  const columns = layer.columns.map((c): TypedColumn => ({ name: c.name, value: (i) => c.value(from + i) }));
  const o = layer.offsets;
  if (copy) {
    const v0 = to > from ? o[from] : 0;
    const own = Uint32Array.from({ length: to - from + 1 }, (_, k) => (to > from ? o[from + k] - v0 : 0));
    return typedLayer(to - from, columns, layer.geometryType, layer.lonLat.slice(2 * v0, 2 * (v0 + own[to - from])), own);
  }
  // a typed array's view, or (a plain array) the few offsets copied
  const offsets = ArrayBuffer.isView(o) ? (o as unknown as Uint32Array).subarray(from, to + 1) : Array.prototype.slice.call(o, from, to + 1);
  return typedLayer(to - from, columns, layer.geometryType, layer.lonLat, offsets);
}

/** For tests and small runs: a TypedLayer cut into blocks of `size` features (sub-layers sharing its arrays). */
export function blocksOf(layer: TypedLayer, size: number): BlockedLayer {
  const step = Math.floor(size);
  if (!(step >= 1)) throw new Error(`blocksOf: a block holds at least 1 feature, not ${size}`);
  return blockedLayer(layer, function* () {
    for (let from = 0; from < layer.length; from += step) yield subLayer(layer, from, Math.min(layer.length, from + step));
  });
}

/**
 * A TypedLayer as the blocks `cuts` gives: each cut [from, to) a sub-layer, in order, covering the layer
 * (empty cuts allowed: a block of no feature). For tests of awkward splits, e.g. empty blocks between full
 * ones; `copy`: each block with its own vertex array, offsets from 0 ({@link subLayer}).
 */
export function blocksAt(layer: TypedLayer, cuts: readonly (readonly [number, number])[], options: { copy?: boolean } = {}): BlockedLayer {
  let at = 0;
  for (const [from, to] of cuts) {
    if (from !== at || to < from) throw new Error(`blocksAt: cut [${from}, ${to}) does not follow on from ${at}`);
    at = to;
  }
  if (at !== layer.length) throw new Error(`blocksAt: the cuts end at ${at}, not at the layer's ${layer.length} features`);
  return blockedLayer(layer, function* () {
    for (const [from, to] of cuts) yield subLayer(layer, from, to, options.copy ?? false);
  });
}

function blockedLayer(layer: TypedLayer, blocks: () => Iterable<TypedLayer>): BlockedLayer {
  const vertexCount = layer.length > 0 ? layer.offsets[layer.length] - layer.offsets[0] : 0;
  return { blocked: true, length: layer.length, vertexCount, blocks };
}
