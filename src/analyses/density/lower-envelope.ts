/**
 * Pieces of the lower envelope of "V" distance functions on an edge [0, L]: source k gives
 * d_k(t) = b_k + |t − s_k|. Every source position and every crossing of two sources is a breakpoint, so
 * inside each returned piece one source is minimal and t − s has one sign — the shape the network
 * kernel evaluators integrate exactly. Written by hand: at most three sources per edge (both ends and,
 * on the event's own lixel, the event), far below where a general algorithm pays.
 */
export function lowerEnvelope(lengthM: number, s: readonly number[], b: readonly number[], emit: (t0: number, t1: number, s: number, b: number, last: boolean) => void): void {
  const cuts = [0, lengthM];
  for (let k = 0; k < s.length; k++) {
    if (s[k] > 0 && s[k] < lengthM) cuts.push(s[k]);
    for (let j = k + 1; j < s.length; j++) {
      const [lo, hi] = s[k] <= s[j] ? [k, j] : [j, k];
      const t = (s[lo] + s[hi] + b[hi] - b[lo]) / 2; // b_lo + t − s_lo = b_hi + s_hi − t
      if (t > s[lo] && t < s[hi] && t > 0 && t < lengthM) cuts.push(t);
    }
  }
  cuts.sort((p, q) => p - q);
  const pieces: [number, number, number][] = [];
  for (let c = 0; c + 1 < cuts.length; c++) {
    const t0 = cuts[c];
    const t1 = cuts[c + 1];
    if (!(t1 > t0)) continue;
    const mid = (t0 + t1) / 2;
    let best = 0;
    for (let k = 1; k < s.length; k++) if (b[k] + Math.abs(mid - s[k]) < b[best] + Math.abs(mid - s[best])) best = k;
    pieces.push([t0, t1, best]);
  }
  if (pieces.length === 0) {
    // a zero-length edge: one point, at distance min b_k
    let best = 0;
    for (let k = 1; k < s.length; k++) if (b[k] + Math.abs(s[k]) < b[best] + Math.abs(s[best])) best = k;
    emit(0, 0, s[best], b[best], true);
    return;
  }
  pieces.forEach(([t0, t1, k], i) => emit(t0, t1, s[k], b[k], i === pieces.length - 1));
}
