import type { RoadNetwork } from "../../../core/road-network.ts";
import { riskRates, type RiskScores } from "../../../analyses/risk/risk-score.ts";
import type { AnalysisInputs } from "../../../io/layers/layer-inputs.ts";
import { lixelLayer, unprojected } from "../../../io/layers/layers.ts";
import type { BlockedLayer } from "../../../io/write/blocked-layer.ts";
import type { TypedLayer } from "../../../io/write/typed-layer.ts";
import { lixelTotals } from "../../lixel-totals.ts";
import type { SummarizedRun } from "../../summarized-run.ts";
import { bucketArrays } from "./merge-buckets.ts";
import type { BoundedMerge, BoundedMergeInput } from "./merge-bounded.ts";

/** One bucket of a bounded merge as the layer writers read a run: its lixels and pieces, their rates, the bucket's road records. */
export type BucketRun = AnalysisInputs & { firstLixel: number; firstPiece: number };

/**
 * A bounded merge as a run the writers take (pipeline/write-outputs.ts): the summary's numbers and the
 * incidents, density and hazards whole; the lixels only as `lixelLayer`, a BlockedLayer whose blocks are
 * the buckets, each put together from its spool file, its rates computed (riskRates: elementwise, the
 * same doubles as the whole run's) and made a typed layer, then let go. `run` holds no per-lixel array
 * (its lixel arrays are empty; `lixelTotals`, `roadRecordsSummary` and `incidentRoads` stand for what
 * the summary and the incidents layer would read of them): a first pass over the buckets gives those.
 */
export function boundedRun(merge: BoundedMerge, input: BoundedMergeInput): { run: SummarizedRun; lixelLayer: BlockedLayer; bucketCount: number } {
  const { layout, buckets, calibration, run } = merge;
  const count = buckets.first.length - 1;
  const bucketRun = (k: number): BucketRun => {
    const a = buckets.first[k];
    const arrays = bucketArrays(merge.spool.read(k), layout, buckets, k, { lixelLengthM: merge.lixelLengthM, radiiM: merge.radiiM, casualty: merge.anyCasualty });
    const c = arrays.col;
    const exposure = { confirmedShare: c.confirmedShare, suspectedShare: c.suspectedShare, nearestHazardM: c.nearestHazardM };
    const risk: RiskScores = { ...riskRates(calibration, { ...c, exposure }), intensity: c.total, exposure, reachM: merge.reachM, roadShare: calibration.roadShare, meta: calibration.meta };
    return {
      dataset: { crs: input.crs, roadRecords: input.roads.records(a, buckets.first[k + 1]), roads: arrays.roads, incidentRecords: input.incidentRecords, incidents: input.incidents, hazardRecords: input.hazardRecords, hazards: input.hazards },
      network: { roads: arrays.roads },
      lixels: arrays.lixels,
      proximity: arrays.proximity,
      snaps: run.snaps,
      risk,
      density: run.density,
      firstLixel: arrays.firstLixel,
      firstPiece: arrays.firstPiece,
      lixelLonLat: merge.spool.lonLat(k),
    };
  };
  const incidentRoads = snappedRoads(run.snaps.road);
  const everyBucket = function* (): Generator<BucketRun> {
    for (let k = 0; k < count; k++) {
      const b = bucketRun(k);
      incidentRoads.add(b);
      merge.spool.keepLonLat(k, unprojected(input.crs, b.lixels.xy));
      yield b;
    }
  };
  const totals = lixelTotals(everyBucket());
  // one bucket (a run of up to bucketLixels lixels): made once and kept, as the whole merge keeps its
  // lixels, so the writers' passes over the blocks do not make it again; more buckets are made per pass
  let only: TypedLayer | undefined;
  const layerOf = (k: number) => (count === 1 ? (only ??= lixelLayer(bucketRun(0))) : lixelLayer(bucketRun(k)));
  const lixels: BlockedLayer = {
    blocked: true,
    length: layout.lixels,
    vertexCount: layout.lixelVertices,
    *blocks(): Generator<TypedLayer> {
      for (let k = 0; k < count; k++) yield layerOf(k);
    },
  };
  const emptyF = new Float64Array(0);
  const emptyU = new Uint32Array(0);
  const noRoads: RoadNetwork = { count: 0, xy: emptyF, roadStart: new Uint32Array(1), lengthM: emptyF, startM: emptyF, featureIndex: emptyU, partIndex: emptyU, ids: [], names: [], classes: [], bridge: new Uint8Array(0), tunnel: new Uint8Array(0), layer: new Int8Array(0), oneway: new Int8Array(0) };
  const exposure = { confirmedShare: emptyF, suspectedShare: emptyF, nearestHazardM: emptyF };
  const rates = riskRates(calibration, { local: emptyF, network: emptyF, regional: emptyF, total: emptyF, casualty: undefined, exposure });
  return {
    run: {
      ...run,
      dataset: { crs: input.crs, roadRecords: [], roads: noRoads, incidentRecords: input.incidentRecords, incidents: input.incidents, hazardRecords: input.hazardRecords, hazards: input.hazards },
      network: { roads: noRoads, fromNode: emptyU, toNode: emptyU, nodeCount: 0, nodeX: emptyF, nodeY: emptyF },
      // the count only: every per-lixel array is empty here, the lixels are in the buckets
      lixels: { count: layout.lixels, xy: emptyF, start: new Uint32Array(1), road: emptyU, fromM: emptyF, lengthM: emptyF, lixelLengthM: merge.lixelLengthM },
      proximity: { nearestIncidentM: emptyF, nearestIncident: new Int32Array(0), radiiM: merge.radiiM, countWithin: merge.radiiM.map(() => emptyU) },
      risk: { ...rates, intensity: emptyF, exposure, reachM: merge.reachM, roadShare: calibration.roadShare, meta: calibration.meta },
      lixelTotals: totals,
      roadRecordsSummary: { count: input.roads.count, files: input.roads.files },
      incidentRoads: incidentRoads.result(),
    },
    lixelLayer: lixels,
    bucketCount: count,
  };
}

/**
 * Each incident's snapped road piece (id, name, schematic or not), picked up as the buckets go by in
 * piece order: the incidents sorted by their piece once, then a pointer walks with the buckets.
 */
function snappedRoads(road: Int32Array): { add(b: BucketRun): void; result(): NonNullable<AnalysisInputs["incidentRoads"]> } {
  const n = road.length;
  const out = { id: new Array<string | null>(n).fill(null), name: new Array<string | null>(n).fill(null), schematic: new Array<boolean | null>(n).fill(null) };
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => road[i] >= 0).sort((a, b) => road[a] - road[b] || a - b);
  let at = 0;
  return {
    add(b) {
      const roads = b.network.roads;
      const end = b.firstPiece + roads.count;
      for (; at < order.length && road[order[at]] < end; at++) {
        const i = order[at];
        const p = road[i] - b.firstPiece;
        out.id[i] = roads.ids[p];
        out.name[i] = roads.names[p];
        out.schematic[i] = b.dataset.roadRecords[roads.featureIndex[p]].properties.geometry_quality === "schematic";
      }
    },
    result: () => out,
  };
}
