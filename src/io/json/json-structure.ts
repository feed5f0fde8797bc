/** A key that appears more than once in one JSON object. */
export interface RepeatedKey {
  /** The 1-based feature (record) of a FeatureCollection's `features` it is in; undefined outside a feature (the file's own keys). */
  record?: number;
  /** Where in the feature: "properties.NAME" for a property, else the path of keys from the feature object ("id", "geometry.type"). At file level, the path from the root. */
  path: string;
  /** How many times it appears in that object. */
  times: number;
}

/** What one pass over a JSON text found: its nesting depth and its repeated keys. */
export interface JsonStructure {
  depth: number;
  repeated: RepeatedKey[];
}

/** List at most this many repeated keys per file (a hostile file can repeat a key in every feature). */
export const MAX_REPORTED_KEYS = 10_000;

/**
 * The nesting depth and the repeated keys of a JSON text, in one loop over its characters (no recursion,
 * so 10⁵ levels cannot overflow the stack the way a recursive walk, or JSON.stringify of the value,
 * would); stops once the depth passes `stopAbove`. Each open object keeps the set of its keys (a stack of
 * sets, O(n) in all): a key seen twice is a repeated key, which JSON.parse silently resolves to the last
 * value (RFC 8259 §4 leaves it open, so other readers may take the first). Keys are compared as decoded
 * (`"a"` and `"\u0061"` are the same key). Records are counted as the elements of the root object's
 * `features` array, as the intake numbers them. Malformed text is left for JSON.parse to report.
 *
 * Why by hand: JSON.parse gives no hook for repeated keys, and a streaming parser from npm would walk the
 * whole text a second time at several times this cost.
 */
export function jsonStructure(text: string, stopAbove: number): JsonStructure {
  let max = 0;
  let inString = false;
  let stringStart = 0;
  let expectKey = false; // the next string is a key (after "{" or an object's ",")
  let escaped = false; // the current string has a backslash
  // per open container: is it an object, its key set (objects), the key it was opened under, its element count (arrays)
  const isObject: boolean[] = [];
  const keys: (Map<string, RepeatedKey | null> | undefined)[] = []; // null: seen once
  const under: string[] = [];
  const elements: number[] = [];
  const lastKey: string[] = [];
  let featuresLevel = -1; // stack index of the root's "features" array, once open
  const repeated: RepeatedKey[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) {
        escaped = true;
        i++; // backslash: skip the escaped character
      } else if (c === 34) {
        inString = false;
        if (expectKey) {
          expectKey = false;
          const top = isObject.length - 1;
          const raw = text.slice(stringStart + 1, i);
          let key = raw;
          if (escaped) {
            try {
              key = JSON.parse(text.slice(stringStart, i + 1)) as string;
            } catch {
              return { depth: max, repeated }; // malformed: JSON.parse reports it
            }
          }
          lastKey[top] = key;
          const seen = keys[top] as Map<string, RepeatedKey | null>;
          const before = seen.get(key);
          if (before === undefined) seen.set(key, null);
          else if (before !== null) before.times++;
          else {
            const at = where(key, top);
            seen.set(key, at);
            if (repeated.length < MAX_REPORTED_KEYS) repeated.push(at);
          }
        }
      }
    } else if (c === 34) {
      if (!expectKey && isObject.length - 1 === featuresLevel && elements[featuresLevel] === 0) elements[featuresLevel] = 1; // a string as the first feature
      inString = true;
      escaped = false;
      stringStart = i;
    } else if (c === 123 || c === 91) {
      const top = isObject.length - 1;
      if (top === featuresLevel && elements[top] === 0) elements[top] = 1;
      isObject.push(c === 123);
      keys.push(c === 123 ? new Map() : undefined);
      under.push(top >= 0 && isObject[top] ? lastKey[top] : "");
      elements.push(0);
      lastKey.push("");
      if (c === 91 && top === 0 && isObject[0] && lastKey[0] === "features" && featuresLevel < 0) featuresLevel = 1;
      expectKey = c === 123;
      if (isObject.length > max && (max = isObject.length) > stopAbove) return { depth: max, repeated };
    } else if (c === 125 || c === 93) {
      if (isObject.length - 1 === featuresLevel) featuresLevel = -1; // the features array ends
      isObject.pop();
      keys.pop();
      under.pop();
      elements.pop();
      lastKey.pop();
      expectKey = false;
    } else if (c === 44) {
      const top = isObject.length - 1;
      if (top >= 0 && isObject[top]) expectKey = true;
      else if (top === featuresLevel) elements[top]++;
    } else if (isObject.length - 1 === featuresLevel && elements[featuresLevel] === 0 && c > 32) elements[featuresLevel] = 1; // a scalar as the first feature
  }
  return { depth: max, repeated };

  /** The record and path of a repeated key in the object at stack index `top`. */
  function where(key: string, top: number): RepeatedKey {
    if (featuresLevel < 0 || top <= featuresLevel) return { path: [...under.slice(1, top + 1), key].filter((k) => k !== "").join("."), times: 2 };
    const path = [...under.slice(featuresLevel + 2, top + 1), key].filter((k) => k !== "").join(".");
    return { record: elements[featuresLevel], path, times: 2 };
  }
}
