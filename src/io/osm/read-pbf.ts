import { OSMTransform } from "osm-pbf-parser-node";

/** An OSM element as osm-pbf-parser-node yields it (and Overpass JSON writes it). */
interface OsmElement {
  type: string;
  id: number;
  lat?: number;
  lon?: number;
  refs?: number[];
  nodes?: number[];
  tags?: Record<string, string>;
}

/**
 * Read every element of an `.osm.pbf` file with osm-pbf-parser-node (a maintained streaming PBF parser),
 * synchronously: its OSMTransform decodes blob by blob inside `_transform`, pushing each batch, so feeding
 * it the file's bytes in one call and collecting what it pushes gives the elements without an event
 * loop turn (the readers are synchronous). Ways get `nodes` (Overpass JSON's name for `refs`) so the
 * result can go to osmtogeojson. Memory grows with the file: for a country extract, cut it first.
 */
export function readPbfElements(bytes: Uint8Array): OsmElement[] {
  const out: OsmElement[] = [];
  const t = new OSMTransform({ withTags: true, withInfo: false }) as OSMTransform & {
    _transform(chunk: Buffer, enc: string, next: (err?: Error | null) => void): void;
    push(chunk: unknown): boolean;
    buffer: Buffer | null;
    offset: number;
  };
  t.push = (batch: unknown) => {
    for (const item of batch as OsmElement[]) {
      if (item.type === "node") out.push({ type: "node", id: item.id, lat: item.lat, lon: item.lon, tags: item.tags });
      else if (item.type === "way") out.push({ type: "way", id: item.id, nodes: item.refs ?? [], tags: item.tags });
    }
    return true;
  };
  let failure: Error | null | undefined;
  t._transform(Buffer.from(bytes), "buffer", (err) => {
    failure = err;
  });
  if (failure) throw failure;
  // the parser waits for more bytes at a cut-off blob: all bytes must have been consumed
  const left = t.buffer === null ? bytes.length : t.buffer.length - t.offset;
  if (left !== 0 || bytes.length === 0) throw new Error(bytes.length === 0 ? "the file is empty" : `the file ends inside a block (${left} bytes left over): it is truncated`);
  return out;
}
