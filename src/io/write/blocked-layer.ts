import type { TypedLayer } from "./typed-layer.ts";
export interface BlockedLayer {
  readonly blocked: true;
  readonly length: number;
  readonly vertexCount: number;
  blocks(): Iterable<TypedLayer>;
}
