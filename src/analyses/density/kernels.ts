/**
 * Kernel profiles for planar (2-D) and network (1-D) density, each normalised to integrate to 1 over
 * its domain. u = d / h is the distance in bandwidths. Compact kernels vanish for u ≥ 1; the Gaussian
 * uses h as its standard deviation (Silverman 1986, §4.2; scipy.stats.gaussian_kde).
 *
 * 2-D constants, from ∫₀^1 k(u)·2πu du = 1 (Silverman 1986, eq. 4.5 for the quartic):
 *   quartic (biweight) 3/π (1 − u²)²  ·  Epanechnikov 2/π (1 − u²)  ·  triangular 3/π (1 − u)
 *   uniform 1/π  ·  Gaussian 1/(2π) exp(−u²/2)      — all divided by h².
 * 1-D constants, from ∫₋₁^1 k(u) du = 1 (the kernels of spNetwork, Gelb 2021):
 *   quartic 15/16 (1 − u²)²  ·  Epanechnikov 3/4 (1 − u²)  ·  triangular 1 − |u|  ·  uniform 1/2
 *   — all divided by h.
 */
export const KERNELS = ["quartic", "gaussian", "epanechnikov", "triangular", "uniform"] as const;
export type KernelName = (typeof KERNELS)[number];

/** The compact kernels, usable on a network (a bounded search needs a finite support). */
export const COMPACT_KERNELS = ["quartic", "epanechnikov", "triangular", "uniform"] as const;
export type CompactKernelName = (typeof COMPACT_KERNELS)[number];

/**
 * 2-D profile as a function of u² = d²/h², so the hot loop needs no square root except for the
 * triangular kernel. Multiply by 1/h² to get a density per m². Callers check the support (u² < 1) for
 * compact kernels.
 */
export function planarProfile(kernel: KernelName): (u2: number) => number {
  switch (kernel) {
    case "quartic":
      return (u2) => (3 / Math.PI) * (1 - u2) * (1 - u2);
    case "epanechnikov":
      return (u2) => (2 / Math.PI) * (1 - u2);
    case "triangular":
      return (u2) => (3 / Math.PI) * (1 - Math.sqrt(u2));
    case "uniform":
      return () => 1 / Math.PI;
    case "gaussian":
      return (u2) => Math.exp(-0.5 * u2) / (2 * Math.PI);
  }
}

/** 1-D profile k(u), u = d/h ∈ [0, 1); multiply by 1/h for a density per metre. */
export function lineProfile(kernel: CompactKernelName): (u: number) => number {
  switch (kernel) {
    case "quartic":
      return (u) => (15 / 16) * (1 - u * u) * (1 - u * u);
    case "epanechnikov":
      return (u) => 0.75 * (1 - u * u);
    case "triangular":
      return (u) => 1 - u;
    case "uniform":
      return () => 0.5;
  }
}

/**
 * ∫₀^u k(v) dv of the 1-D profile for u ∈ [0, 1] (clamp first): the kernel mass between distance 0 and
 * u·h on one side. Equals 1/2 at u = 1. Used to integrate network densities exactly over a lixel.
 */
export function lineMass(kernel: CompactKernelName): (u: number) => number {
  switch (kernel) {
    case "quartic":
      return (u) => (15 / 16) * (u - (2 * u * u * u) / 3 + (u * u * u * u * u) / 5);
    case "epanechnikov":
      return (u) => 0.75 * (u - (u * u * u) / 3);
    case "triangular":
      return (u) => u - (u * u) / 2;
    case "uniform":
      return (u) => u / 2;
  }
}

/** Reach of a kernel in bandwidths: 1 for compact kernels, `gaussianCutoff` standard deviations otherwise. */
export function supportInBandwidths(kernel: KernelName, gaussianCutoff: number): number {
  return kernel === "gaussian" ? gaussianCutoff : 1;
}
