import type { Tally } from "../intake/tally.ts";
import { MAX_REPORTED_KEYS, type RepeatedKey } from "./json-structure.ts";

/** Keys of a file's own object that decide what is read: a second `features` array hides the first one's records. */
const READING_KEYS = new Set(["type", "features", "elements", "crs"]);

/**
 * Report the keys a JSON layer repeats within one object (found by io/json/json-structure.ts; JSON.parse
 * kept the last value of each). In a feature, `duplicate-key` is an error on its record whose lenient action
 * is "repaired": lenient uses the record as JSON.parse read it (the last value) and says so, strict refuses
 * it, since another reader of the same file (one that keeps the first value) would see another record. At
 * the file's own level a repeated `type`, `features`, `elements` or `crs` refuses the file (the records of
 * all but the last `features` array would vanish unreported); any other repeated key there is a warning.
 */
export function reportRepeatedKeys(repeated: readonly RepeatedKey[], tally: Tally): void {
  for (const r of repeated) reportRepeatedKey(r, tally);
  if (repeated.length >= MAX_REPORTED_KEYS) tooManyRepeatedKeys(tally);
}

/** One repeated key as reportRepeatedKeys reports it (a streamed read reports each batch's as it goes). */
export function reportRepeatedKey(r: RepeatedKey, tally: Tally): void {
  const times = `${r.times} times`;
  if (r.record !== undefined) {
    const where = r.path.startsWith("properties.") ? `property "${r.path.slice("properties.".length)}"` : `key "${r.path}"`;
    tally.error(r.record, r.path, "duplicate-key", `the ${where} appears ${times} in this feature; JSON readers differ on which value counts (minerisk, like JSON.parse, used the last one): remove the repeated key`, "repaired");
  } else if (READING_KEYS.has(r.path)) {
    tally.error(undefined, r.path, "duplicate-key", `the file's "${r.path}" key appears ${times}: JSON.parse keeps only the last one, so what the others hold would vanish unreported; merge them into one`);
  } else {
    tally.warn(undefined, r.path, "duplicate-key", `the key "${r.path}" appears ${times} in one object outside the features; the last value was used: remove the repeated key`);
  }
}

/** The file-level note that only the first MAX_REPORTED_KEYS repeated keys are listed. */
export function tooManyRepeatedKeys(tally: Tally): void {
  tally.warn(undefined, undefined, "duplicate-key", `only the first ${MAX_REPORTED_KEYS.toLocaleString("en-US")} repeated keys are listed; the file may have more`);
}
