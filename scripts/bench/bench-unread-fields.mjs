/**
 * bench-unread-fields — the cost of counting the properties no reader reads (src/io/unread/field-use.ts),
 * against a bare loop over the same keys (the floor: every property of every record is visited once).
 *
 * Inputs:  a bench layer, e.g. /tmp/bench/XL/incidents.geojson or /tmp/bench/L/roads.geojson
 *          (../shared/bench/gen.mjs, scripts/bench/gen-xl.mjs); parsed whole once, before timing.
 * Outputs: one JSON line on stdout: records, floor ms, count ms, ns per record, the names listed.
 * Params:  npm run build && node scripts/bench/bench-unread-fields.mjs FILE [incidents|roads|hazards]
 *          (default incidents). One warm-up, then the median of 5 runs of each; a sink keeps the floor's
 *          loop from being optimised away. Wall time of one thread: compare on a quiet machine.
 */
import { readFileSync } from "node:fs";
import { createFieldUse } from "../../dist/io/unread/field-use.js";
import { hazardFieldPlan, incidentFieldPlan, roadFieldPlan } from "../../dist/io/unread/field-plans.js";

const [file, layer = "incidents"] = process.argv.slice(2);
if (!file) throw new Error("usage: node scripts/bench/bench-unread-fields.mjs FILE [incidents|roads|hazards]");
const plan = layer === "roads" ? roadFieldPlan() : layer === "hazards" ? hazardFieldPlan(undefined) : incidentFieldPlan(undefined, "geojson");
const props = JSON.parse(readFileSync(file, "utf8")).features.map((f) => f.properties ?? {});
const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];
const time = (fn) => {
  fn();
  const t = [];
  for (let k = 0; k < 5; k++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return median(t);
};
let sink = 0;
const floorMs = time(() => {
  for (const p of props) for (const k in p) if (Object.hasOwn(p, k) && p[k] !== null) sink++;
});
let result;
const countMs = time(() => {
  const use = createFieldUse(plan);
  for (const p of props) use.record(p);
  result = use.result();
});
console.log(JSON.stringify({ file, layer, records: props.length, floorMs: +floorMs.toFixed(1), countMs: +countMs.toFixed(1), nsPerRecord: Math.round((countMs * 1e6) / props.length), listed: result?.listed.map((f) => [f.name, f.records]) ?? [], sink: sink > 0 }));
