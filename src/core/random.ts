/**
 * Seeded pseudo-random numbers in [0, 1): mulberry32 (Tommy Ettinger, public domain). A 32-bit state is
 * plenty for permutation tests and synthetic data, and a dozen lines beat a dependency for it.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
