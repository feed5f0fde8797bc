/**
 * Benjamini–Hochberg (1995) adjusted p-values ("q-values" as R's p.adjust(method = "BH")):
 * q₍ᵢ₎ = min over k ≥ i of min(1, p₍ₖ₎ · m / k), p₍₁₎ ≤ … ≤ p₍ₘ₎. Declaring every site with q ≤ α
 * significant controls the false discovery rate at α for independent or positively dependent tests.
 * NaN p-values are left out of m and stay NaN.
 */
export function benjaminiHochberg(p: Float64Array): Float64Array {
  const order: number[] = [];
  for (let i = 0; i < p.length; i++) if (!Number.isNaN(p[i])) order.push(i);
  order.sort((a, b) => p[a] - p[b] || a - b);
  const m = order.length;
  const q = new Float64Array(p.length).fill(Number.NaN);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    running = Math.min(running, (p[order[r]] * m) / (r + 1));
    q[order[r]] = running;
  }
  return q;
}
