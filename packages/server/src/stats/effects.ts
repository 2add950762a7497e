// Experiment statistics on per-variation aggregates, as GrowthBook's gbstats computes them: a metric
// per shopper (the unit of assignment) summed in SQL — count, sum, sum of squares, and for a ratio its
// denominator's and the cross-products — then the relative lift of each variation against control by
// the delta method, read three ways: a frequentist interval (Welch), a Bayesian chance to beat control
// (flat prior), and an always-valid interval (asymptotic confidence sequences) that stays right however
// often it is looked at. Plus the sample-ratio-mismatch check that says the split itself is broken.
import { chiSquareSurvival, normalCdf, normalPdf, normalQuantile, studentTCdf, studentTQuantile } from './distributions.ts';

/** One variation's figures for a metric measured per shopper: shoppers, sum and sum of squares of the metric. */
export interface MeanAggregate {
  n: number;
  sum: number;
  sumSquares: number;
}

/** A ratio metric (say revenue per order): per shopper a numerator and a denominator, summed; their squares and cross-products. */
export interface RatioAggregate extends MeanAggregate {
  denominatorSum: number;
  denominatorSumSquares: number;
  crossProducts: number;
}

/** A metric's mean per shopper (or ratio of sums) and the variance of one shopper's contribution. */
export interface Moments {
  n: number;
  mean: number;
  /** Variance per shopper: the mean's own variance is this / n. */
  variance: number;
}

const sampleVariance = (n: number, sum: number, sumSquares: number) => (n > 1 ? Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1)) : 0);

/** The mean and per-shopper variance of a metric; a ratio's by the delta method. */
export function moments(a: MeanAggregate | RatioAggregate): Moments {
  const { n } = a;
  if (!('denominatorSum' in a)) return { n, mean: n ? a.sum / n : 0, variance: sampleVariance(n, a.sum, a.sumSquares) };
  const mN = n ? a.sum / n : 0;
  const mD = n ? a.denominatorSum / n : 0;
  if (mD === 0) return { n, mean: 0, variance: 0 };
  const vN = sampleVariance(n, a.sum, a.sumSquares);
  const vD = sampleVariance(n, a.denominatorSum, a.denominatorSumSquares);
  const cov = n > 1 ? (a.crossProducts - (a.sum * a.denominatorSum) / n) / (n - 1) : 0;
  return { n, mean: mN / mD, variance: Math.max(0, vN / mD ** 2 - (2 * mN * cov) / mD ** 3 + (mN ** 2 * vD) / mD ** 4) };
}

/** The relative lift of treatment over control and the standard error of that estimate (delta method). */
export function relativeLift(control: Moments, treatment: Moments): { lift: number; se: number } {
  const c = control.mean;
  if (c === 0 || !control.n || !treatment.n) return { lift: 0, se: Infinity };
  const lift = treatment.mean / c - 1;
  const variance = treatment.variance / (treatment.n * c * c) + (treatment.mean ** 2 * control.variance) / (control.n * c ** 4);
  return { lift, se: Math.sqrt(variance) };
}

/** The three readings of one variation against control; intervals are relative lifts (0.1 = +10 %). */
export interface Comparison {
  lift: number;
  /** Welch's t-test: a 95 % confidence interval and its two-sided p-value. */
  frequentist: { interval: [number, number]; pValue: number; significant: boolean };
  /** Flat prior, Gaussian posterior on the lift: the chance treatment beats control, a 95 % credible interval, and the expected loss of choosing each. */
  bayesian: { chanceToWin: number; interval: [number, number]; risk: { control: number; treatment: number } };
  /** An always-valid 95 % interval: safe to look at every day; significant when it leaves out 0. */
  sequential: { interval: [number, number]; significant: boolean };
}

/** Options of {@link compare}. */
export interface CompareOptions {
  /** @default 0.05 */
  alpha?: number;
  /** The sample size the sequential intervals are tuned to be tightest at (gbstats' default). @default 5000 */
  sequentialTuning?: number;
}

/** E[max(X, 0)] for X ~ N(μ, σ²). */
const positivePart = (mu: number, sigma: number) => (sigma > 0 ? mu * normalCdf(mu / sigma) + sigma * normalPdf(mu / sigma) : Math.max(mu, 0));

/** Compares one variation with control on one metric. */
export function compare(control: MeanAggregate | RatioAggregate, treatment: MeanAggregate | RatioAggregate, options: CompareOptions = {}): Comparison {
  const alpha = options.alpha ?? 0.05;
  const c = moments(control);
  const t = moments(treatment);
  const { lift, se } = relativeLift(c, t);
  if (!Number.isFinite(se) || se === 0) {
    const none: [number, number] = [lift, lift];
    return { lift, frequentist: { interval: none, pValue: 1, significant: false }, bayesian: { chanceToWin: 0.5, interval: none, risk: { control: 0, treatment: 0 } }, sequential: { interval: none, significant: false } };
  }
  // Welch–Satterthwaite degrees of freedom, from each mean's own variance.
  const vc = c.variance / c.n;
  const vt = t.variance / t.n;
  const df = (vc + vt) ** 2 / ((c.n > 1 ? vc ** 2 / (c.n - 1) : 0) + (t.n > 1 ? vt ** 2 / (t.n - 1) : 0)) || 1;
  const tq = studentTQuantile(1 - alpha / 2, df);
  const pValue = 2 * (1 - studentTCdf(Math.abs(lift / se), df));
  const zq = normalQuantile(1 - alpha / 2);
  // Asymptotic confidence sequences (Waudby-Smith et al.), as gbstats' sequential testing.
  const N = c.n + t.n;
  const tuning = options.sequentialTuning ?? 5000;
  const rho2 = (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tuning;
  const perShopper = se * Math.sqrt(N);
  const half = perShopper * Math.sqrt(((2 * (N * rho2 + 1)) / (N * N * rho2)) * Math.log(Math.sqrt(N * rho2 + 1) / alpha));
  const sequential: [number, number] = [lift - half, lift + half];
  return {
    lift,
    frequentist: { interval: [lift - tq * se, lift + tq * se], pValue, significant: pValue < alpha },
    bayesian: { chanceToWin: normalCdf(lift / se), interval: [lift - zq * se, lift + zq * se], risk: { control: positivePart(lift, se), treatment: positivePart(-lift, se) } },
    sequential: { interval: sequential, significant: sequential[0] > 0 || sequential[1] < 0 },
  };
}

/** The split checked against the configured weights: chi-square, its p-value, and the alarm (p < 0.001). */
export function sampleRatioMismatch(counts: readonly number[], weights: readonly number[], threshold = 0.001): { chiSquare: number; pValue: number; mismatch: boolean } {
  const total = counts.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (!total || counts.length < 2 || !weightSum) return { chiSquare: 0, pValue: 1, mismatch: false };
  let chiSquare = 0;
  counts.forEach((observed, i) => {
    const expected = (total * (weights[i] ?? 0)) / weightSum;
    if (expected > 0) chiSquare += (observed - expected) ** 2 / expected;
    else if (observed > 0) chiSquare = Infinity; // shoppers in a variation that should have none
  });
  const pValue = Number.isFinite(chiSquare) ? chiSquareSurvival(chiSquare, counts.length - 1) : 0;
  return { chiSquare, pValue, mismatch: pValue < threshold };
}

/** Below these, a result says "not enough data yet" (gbstats' defaults): shoppers per variation, and a metric's total over all variations. */
export const MINIMUM = { shoppersPerVariation: 8, metricTotal: 150 };
