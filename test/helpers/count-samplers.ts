/**
 * Seeded samplers for synthetic count series in tests (not library code): Poisson by inversion of the CDF
 * (exact, fine for means up to a few hundred), gamma by Marsaglia & Tsang (2000, ACM TOMS 26:363) with the
 * shape < 1 boost, and the negative binomial as a gamma–Poisson mixture with Var = μ + μ²/size.
 */
export function poissonSample(rand: () => number, mean: number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const u = rand();
  while (u > cdf && k < 100_000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/** Standard normal by Box–Muller. */
function normalSample(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function gammaSample(rand: () => number, shape: number): number {
  if (shape < 1) return gammaSample(rand, shape + 1) * (1 - rand()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normalSample(rand);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Negative binomial with the given mean and size r (Var = μ + μ²/r); r = Infinity gives Poisson. */
export function negativeBinomialSample(rand: () => number, mean: number, size: number): number {
  if (!Number.isFinite(size)) return poissonSample(rand, mean);
  return poissonSample(rand, (gammaSample(rand, size) * mean) / size);
}
