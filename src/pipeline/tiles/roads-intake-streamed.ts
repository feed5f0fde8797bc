import { lixelize } from "../../core/lixels.ts";
import type { RoadNetwork } from "../../core/road-network.ts";
import { RISK_DEFAULTS } from "../../analyses/risk/risk-defaults.ts";
import { buildLixelIndex } from "../../spatial/lixel-index.ts";
import { forwardOfWhole, unwrappedLonLatBox } from "../../io/crs/crs.ts";
import { centresExtent, inside, MIN_RECORDS_FOR_EXTENT } from "../../io/intake/positions.ts";
import { createTally, finishLayer } from "../../io/intake/tally.ts";
import { createFieldUse } from "../../io/unread/field-use.ts";
import { roadFieldPlan } from "../../io/unread/field-plans.ts";
import type { FileReport, RoadReach, Strictness } from "../../io/intake/types.ts";
import { positionDigest, studyAndDataExtentOf } from "../../io/read/data-extent.ts";
import { datasetCrsOf } from "../../io/read/dataset-crs.ts";
import { passRoads, projectBatch, type RoadFileStamp } from "./road-passes.ts";

/** What the bounded plan knows of the roads after its first pass: O(records) numbers, no positions. */
export interface RoadsSeen {
  file: string;
  stamp: RoadFileStamp;
  /** The roads' intake report: the scanned read's (no issues, every record used), as readRoadsScanned gives. */
  report: FileReport[];
  /** Parts of each record: record r has parts partStart[r] … partStart[r + 1] − 1 of the whole network. */
  partStart: Uint32Array;
  vertices: number;
  digest: ReturnType<typeof positionDigest>;
  /** The plain lon/lat box of every road position (recordBounds's): the other layers' reference extent. */
  box: [number, number, number, number];
  /** The properties the credit line reads (attribution, source), as few records' worth as give the same line. */
  creditProperties: Record<string, unknown>[];
}

/**
 * A growable typed array for counts not known before a pass: starts at `capacity` (an estimate), grows by
 * a quarter when it must, and `done` returns a view of what was written (no final copy: at XL the reach
 * index's positions are ≈ 1.4 GB, and a doubling array with a trimming copy would peak at 3 × that).
 */
function growable<T extends Float64Array | Uint32Array>(Ctor: { new (n: number): T }, capacity = 1024) {
  let a = new Ctor(Math.max(16, capacity));
  let n = 0;
  const room = (extra: number) => {
    if (n + extra <= a.length) return;
    const b = new Ctor(Math.max(Math.ceil(1.25 * a.length), n + extra));
    b.set(a.subarray(0, n));
    a = b;
  };
  return {
    push(v: number) {
      room(1);
      a[n++] = v;
    },
    append(src: ArrayLike<number>) {
      room(src.length);
      a.set(src, n);
      n += src.length;
    },
    size: () => n,
    done: (): T => a.subarray(0, n) as T,
  };
}

/**
 * Pass 1 over the roads: record parts, the position digest (data-extent.ts), what the credit line reads,
 * and the layer-wide loner check on the record centres. Undefined when the scanner declines the file or a
 * record is a loner (the caller then plans from the full intake, which reports it).
 */
export function firstRoadPass(file: string, strictness: Strictness, chunkBytes?: number): RoadsSeen | undefined {
  const digest = positionDigest();
  const parts = growable(Uint32Array);
  const cx = growable(Float64Array);
  const cy = growable(Float64Array);
  parts.push(0);
  let total = 0;
  const attribution = new Set<string>();
  const source = new Set<string>();
  const tally = createTally(file, "roads");
  const use = (tally.fieldUse = createFieldUse(roadFieldPlan())); // the properties no reader reads, as the whole intake counts them
  const stamp = passRoads(file, ({ layer }) => {
    const ll = layer.lonLat;
    for (let i = 0; i < ll.length; i += 2) digest.add(ll[i], ll[i + 1]);
    for (let f = 0; f < layer.count; f++) {
      total += layer.featurePart[f + 1] - layer.featurePart[f];
      parts.push(total);
      cx.push(layer.centre[2 * f]);
      cy.push(layer.centre[2 * f + 1]);
      const p = layer.properties[f];
      use.record(p);
      if (typeof p.attribution === "string" && p.attribution.trim() !== "") attribution.add(p.attribution.trim());
      if (typeof p.source === "string" && p.source.trim() !== "") source.add(p.source.trim());
    }
  }, { chunkBytes });
  if (stamp === undefined) return undefined;
  // hasLoner's test (read-roads-scanned.ts): some record's box corner outside the widened extent of the
  // centres, that is, the box of all positions (the union of the records' boxes) not inside it
  const box = digest.box();
  if (stamp.records >= MIN_RECORDS_FOR_EXTENT) {
    const { widened } = centresExtent(cx.done(), cy.done());
    if (!inside(widened, box[0], box[1]) || !inside(widened, box[2], box[3])) return undefined;
  }
  const report = finishLayer([{ tally, read: stamp.records }], strictness);
  // attribution/layerCredit read distinct trimmed values in first-seen order, and need one record at least
  const creditProperties: Record<string, unknown>[] = [{}, ...[...attribution].map((a) => ({ attribution: a })), ...[...source].map((s) => ({ source: s }))];
  return { file, stamp, report, partStart: parts.done().slice(), vertices: digest.count(), digest, box, creditProperties };
}

/**
 * The distance-to-road check's roads (io/intake/road-reach.ts roadReach: the roads in their own fitted CRS,
 * cut into ≤ 1 km pieces, indexed), built on first use by pass R over the file, batch by batch with the
 * whole layer's projection — so only once the other layers' records are read and their reading's garbage can
 * go (readIncidents checks last). Undefined when the roads' longitudes need unwrapping (the full intake reads
 * such a layer). The index holds every road position once, the one O(vertices) structure of the bounded
 * plan, dropped before the tiles are cut (docs/scaling.md "The bounded plan").
 */
export function lazyReach(seen: RoadsSeen, chunkBytes?: number): RoadReach | undefined {
  const crs = datasetCrsOf(studyAndDataExtentOf(seen.digest.replay, [], []), { maxDistanceError: 0.5 });
  const unwrapped = unwrappedLonLatBox(crs.definition, seen.box);
  if (unwrapped === undefined) return undefined;
  const forward = forwardOfWhole(crs.definition, unwrapped.box, seen.vertices);
  let index: RoadReach["index"] | undefined;
  return {
    forward: (a) => crs.forward(a),
    get index() {
      index ??= reachIndex(seen, forward, chunkBytes);
      return index;
    },
    regionalBandwidthM: RISK_DEFAULTS.regionalBandwidthM,
    precisionScale: RISK_DEFAULTS.precisionScale,
  };
}

/** Pass R: the 1 km pieces of every road part, projected batch by batch, and their index. */
function reachIndex(seen: RoadsSeen, forward: (xy: Float64Array) => Float64Array, chunkBytes?: number): RoadReach["index"] {
  // 1 km pieces: a part's positions plus about one cut per piece (most bench roads are under 1 km)
  const nParts = seen.partStart[seen.stamp.records];
  const xy = growable(Float64Array, 2 * (seen.vertices + 2 * nParts));
  const start = growable(Uint32Array, Math.ceil(1.5 * nParts) + 1);
  const road = growable(Uint32Array, Math.ceil(1.5 * nParts));
  const fromM = growable(Float64Array, Math.ceil(1.5 * nParts));
  const lengthM = growable(Float64Array, Math.ceil(1.5 * nParts));
  let parts = 0;
  passRoads(seen.file, (b) => {
    const p = projectBatch(b, forward);
    const n = p.partStart.length - 1;
    const net = { count: n, xy: p.xy, roadStart: p.partStart, lengthM: p.lengthM, startM: new Float64Array(n) } as unknown as RoadNetwork;
    const lix = lixelize(net, { lixelLengthM: 1000, maxLixels: Number.MAX_SAFE_INTEGER });
    const base = xy.size() / 2;
    xy.append(lix.xy.subarray(0, 2 * lix.start[lix.count]));
    for (let l = 0; l < lix.count; l++) {
      start.push(base + lix.start[l]);
      road.push(parts + lix.road[l]);
    }
    fromM.append(lix.fromM);
    lengthM.append(lix.lengthM);
    parts += n;
  }, { chunkBytes, expect: seen.stamp });
  start.push(xy.size() / 2);
  const s = start.done();
  const count = s.length - 1;
  const lixels = { count, xy: xy.done(), start: s, road: road.done(), fromM: fromM.done(), lengthM: lengthM.done(), lixelLengthM: 1000 };
  return buildLixelIndex(lixels);
}
