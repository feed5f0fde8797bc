import { Buffer } from "node:buffer";
import { maxJsonDepth } from "../read-json.ts";
import { plainJsonText, type ScannedGeometryType, type ScannedLayer, scanGeoJson } from "../scan-geojson.ts";
import { splitFeatures } from "./split-features.ts";

const OPEN = Buffer.from('{"type":"FeatureCollection","features":[');
const CLOSE = Buffer.from("]}");

/** A batch the scanner declined: stop reading, the full intake reads the file. */
class Declined extends Error {}

/**
 * The typed-array scanner (scan-geojson.ts) over a file read in batches (split-features.ts): each batch of
 * whole features is framed as a FeatureCollection of its own and scanned; the members outside the
 * features array are checked once at the end. Undefined, as scanGeoJson, when any batch or the rest of the
 * file is not simple (then the full intake reads the file, streamed too). The layers are copied out of
 * the scanner's grown arrays, so each holds only what it read. With `onPiece`, each batch's layer goes to it
 * as scanned (valid only during the call) and none is kept: the caller must still check the result is
 * defined before trusting what it was handed (a later batch or the rest of the file can decline).
 */
export function streamScan(file: string, allowed: readonly ScannedGeometryType[], chunkBytes: number, budget: number, onPiece?: (piece: ScannedLayer) => void): ScannedLayer[] | undefined {
  const pieces: ScannedLayer[] = [];
  let split;
  try {
    split = splitFeatures(file, {
      chunkBytes,
      budget,
      depthLimit: maxJsonDepth(),
      onBatch: ({ bytes }) => {
        const framed = new Uint8Array(OPEN.length + bytes.length + CLOSE.length);
        framed.set(OPEN, 0);
        framed.set(bytes, OPEN.length);
        framed.set(CLOSE, OPEN.length + bytes.length);
        const s = scanGeoJson(framed, allowed);
        if (s === undefined || s.count === 0) throw new Declined();
        // with onPiece each batch is handed on and dropped (the bounded plan's passes: pipeline/tiles/plan-bounded.ts)
        if (onPiece) onPiece(s);
        else pieces.push(compact(s));
      },
    });
  } catch {
    return undefined; // declined, or any error: the full intake reads the file and reports it
  }
  if (!split.found || split.bad || split.count === 0) return undefined;
  const rest = decode(split.head) + (split.closeState === "value" ? "null" : "") + decode(split.tail);
  // what the whole-file scan declines outside the features: an escaped or repeated key, flagged text, a legacy crs
  if (rest.includes("\\") || !plainJsonText(rest)) return undefined;
  let root: unknown;
  try {
    root = JSON.parse(rest);
  } catch {
    return undefined;
  }
  if (typeof root !== "object" || root === null || (root as { type?: unknown }).type !== "FeatureCollection" || "crs" in root) return undefined;
  return pieces;
}

function decode(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8");
}

function compact(s: ScannedLayer): ScannedLayer {
  return { ...s, lonLat: s.lonLat.slice(), partStart: s.partStart.slice(), featurePart: s.featurePart.slice(), centre: s.centre.slice(), box: s.box.slice() };
}
