import { OptionError } from "../../core/errors.ts";
import { rankGroups } from "./ranking-metrics.ts";

/** Predicted and observed test events in one tenth of the road length. */
export interface CalibrationBin {
  /** 1 = the riskiest tenth of road length, 10 = the least risky. */
  decile: number;
  lengthKm: number;
  predicted: number;
  observed: number;
}

/** The calibration of a forecast: totals, their ratio and the per-decile table. */
export interface Calibration {
  predicted: number;
  observed: number;
  /** predicted / observed − 1: +0.25 means 25 % too many events forecast. NaN when none observed. */
  relativeError: number;
  deciles: CalibrationBin[];
}

/**
 * Calibration by decile: lixels sorted by predicted count (highest first; ties in index order) are cut
 * into ten bins of equal road length (a lixel belongs to the bin holding its midpoint's cumulative
 * length); each bin's predicted events Σ expected_l are set against the test events observed in it.
 * A calibrated forecast has predicted ≈ observed in every bin and in total (the reliability diagram of
 * probabilistic forecasting, applied to Poisson means per lixel).
 *
 * @param expected per-lixel expected test events (rate × km × test years); @param lengthM per lixel;
 * @param events observed test events per lixel.
 */
export function calibrationByDecile(expected: Float64Array, lengthM: Float64Array, events: Float64Array): Calibration {
  const n = expected.length;
  if (lengthM.length !== n || events.length !== n) throw new OptionError(`expected, lengthM and events must align: ${n}, ${lengthM.length}, ${events.length} values`);
  let total = 0;
  for (let l = 0; l < n; l++) total += lengthM[l];
  const deciles: CalibrationBin[] = Array.from({ length: 10 }, (_, k) => ({ decile: k + 1, lengthKm: 0, predicted: 0, observed: 0 }));
  const { order } = rankGroups(expected);
  let acc = 0;
  let predicted = 0;
  let observed = 0;
  for (let k = 0; k < n; k++) {
    const l = order[k];
    const bin = deciles[Math.min(9, Math.floor(((acc + lengthM[l] / 2) / total) * 10))];
    acc += lengthM[l];
    bin.lengthKm += lengthM[l] / 1000;
    bin.predicted += expected[l];
    bin.observed += events[l];
    predicted += expected[l];
    observed += events[l];
  }
  return { predicted, observed, relativeError: observed > 0 ? predicted / observed - 1 : Number.NaN, deciles };
}
