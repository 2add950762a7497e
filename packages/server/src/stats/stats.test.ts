// Experiment statistics (#20): the distributions against published table values, the readings against
// hand-computed cases, and the calls they make on simulated shoppers with a known truth.
import { describe, expect, it } from 'vitest';
import { prng } from '../../../../scripts/synthetic-log.mjs';
import { chiSquareSurvival, normalCdf, normalQuantile, studentTCdf, studentTQuantile } from './distributions.ts';
import { compare, moments, sampleRatioMismatch, type MeanAggregate } from './effects.ts';

describe('distributions, against published tables', () => {
  it.each([
    [1.96, 0.9750021048517795],
    [-3, 0.0013498980316301],
    [0, 0.5],
    [-8, 6.22096057427178e-16],
  ])('Φ(%d) = %d', (z, p) => expect(normalCdf(z)).toBeCloseTo(p, 12));

  it.each([
    [0.975, 1.959963984540054],
    [0.001, -3.090232306167813],
    [0.5, 0],
    [0.9999, 3.719016485455709],
  ])('Φ⁻¹(%d) = %d', (p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 9));

  it.each([
    [0.975, 1, 12.706204736174698],
    [0.975, 5, 2.570581835636314],
    [0.975, 10, 2.228138851986522],
    [0.995, 30, 2.749995653567868],
    [0.975, 1e9, 1.959963984540054],
  ])("Student's t: the %d quantile with %d degrees of freedom is %d", (p, df, t) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(t, 7);
    expect(studentTCdf(t, df)).toBeCloseTo(p, 10);
  });

  it.each([
    [3.841458820694124, 1, 0.05],
    [10.827566170662733, 1, 0.001],
    [5.991464547107979, 2, 0.05],
    [16.26623619623813, 3, 0.001],
    [0, 4, 1],
  ])('chi-square: P(X ≥ %d) with %d degrees of freedom is %d', (x, k, p) => expect(chiSquareSurvival(x, k)).toBeCloseTo(p, 10));
});

/** A binary metric (bought or not) per shopper: its aggregate is count, successes, successes. */
const binary = (n: number, successes: number): MeanAggregate => ({ n, sum: successes, sumSquares: successes });

describe('the readings, on hand-computed cases', () => {
  it('10 % vs 12 % of 1,000 shoppers each: lift +20 %, se 0.1534 (delta method), p 0.192, chance to win 90.4 %', () => {
    // Per shopper: variances 90/999 and 105.6/999; var(lift) = 0.1057/(1000·0.01) + 0.0144·0.09009/(1000·0.0001).
    const result = compare(binary(1000, 100), binary(1000, 120));
    const se = Math.sqrt(0.105705705705 / 10 + (0.0144 * 0.09009009009) / 0.1);
    expect(se).toBeCloseTo(0.153439, 5);
    expect(result.lift).toBeCloseTo(0.2, 12);
    expect(result.bayesian.chanceToWin).toBeCloseTo(normalCdf(0.2 / se), 10);
    expect(result.bayesian.chanceToWin).toBeCloseTo(0.9038, 4);
    expect(result.bayesian.interval[0]).toBeCloseTo(0.2 - 1.959964 * se, 5);
    expect(result.frequentist.pValue).toBeCloseTo(0.1926, 3);
    expect(result.frequentist.significant).toBe(false);
    // Expected loss of each choice: E[max(lift, 0)] for keeping control, E[max(−lift, 0)] for treatment.
    expect(result.bayesian.risk.treatment).toBeCloseTo(0.00693, 4); // −0.2·Φ(−1.3034) + 0.1534·φ(1.3034)
    expect(result.bayesian.risk.control - result.bayesian.risk.treatment).toBeCloseTo(0.2, 10);
  });

  it('a ratio metric (revenue per order) by the delta method', () => {
    // Three shoppers: (revenue, orders) = (10, 1), (30, 2), (0, 1): mean ratio 40/4.
    const agg = { n: 3, sum: 40, sumSquares: 1000, denominatorSum: 4, denominatorSumSquares: 6, crossProducts: 70 };
    const m = moments(agg);
    expect(m.mean).toBeCloseTo(10, 12);
    // var(N) = (1000 − 1600/3)/2, var(D) = (6 − 16/3)/2, cov = (70 − 160/3)/2; μN = 40/3, μD = 4/3.
    const [vN, vD, cov, mN, mD] = [(1000 - 1600 / 3) / 2, (6 - 16 / 3) / 2, (70 - 160 / 3) / 2, 40 / 3, 4 / 3];
    expect(m.variance).toBeCloseTo(vN / mD ** 2 - (2 * mN * cov) / mD ** 3 + (mN ** 2 * vD) / mD ** 4, 10);
  });

  it('SRM: 5,000 and 4,500 shoppers on a 50/50 split is an alarm; 5,000 and 4,900 is not', () => {
    const broken = sampleRatioMismatch([5000, 4500], [50, 50]);
    expect(broken.chiSquare).toBeCloseTo(2 * (250 ** 2 / 4750), 10);
    expect(broken.mismatch).toBe(true);
    expect(broken.pValue).toBeLessThan(1e-6);
    expect(sampleRatioMismatch([5000, 4900], [50, 50]).mismatch).toBe(false);
    // A 90/10 split weighed as such is fine.
    expect(sampleRatioMismatch([9020, 980], [90, 10]).mismatch).toBe(false);
  });
});

describe('the calls, on simulated shoppers with a known truth', () => {
  /** `n` shoppers converting with probability `p`. */
  const simulate = (random: () => number, n: number, p: number): MeanAggregate => {
    let successes = 0;
    for (let i = 0; i < n; i++) if (random() < p) successes++;
    return binary(n, successes);
  };

  it('5.0 % vs 6.0 % with 20,000 shoppers each: every interval covers the true +20 % and the test calls it', () => {
    const random = prng(2027);
    const result = compare(simulate(random, 20_000, 0.05), simulate(random, 20_000, 0.06));
    for (const interval of [result.frequentist.interval, result.bayesian.interval, result.sequential.interval]) {
      expect(interval[0]).toBeLessThan(0.2);
      expect(interval[1]).toBeGreaterThan(0.2);
    }
    expect(result.frequentist.significant).toBe(true);
    expect(result.sequential.significant).toBe(true);
    expect(result.bayesian.chanceToWin).toBeGreaterThan(0.99);
  });

  it('200 A/A tests with different seeds: about 5 % called significant (2–8 %), and as many lean either way', () => {
    let called = 0;
    let chanceAbove = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const random = prng(seed * 7919);
      const result = compare(simulate(random, 5000, 0.05), simulate(random, 5000, 0.05));
      if (result.frequentist.significant) called++;
      if (result.bayesian.chanceToWin > 0.5) chanceAbove++;
    }
    expect(called / 200).toBeGreaterThanOrEqual(0.02);
    expect(called / 200).toBeLessThanOrEqual(0.08);
    expect(chanceAbove).toBeGreaterThan(70);
    expect(chanceAbove).toBeLessThan(130);
  });

  it('200 A/A tests looked at every day for 30 days: the peeking-safe intervals call at most 8 % of them, where naive daily looks call far more', () => {
    let sequential = 0;
    let naive = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const random = prng(seed * 104_729);
      let a = binary(0, 0);
      let b = binary(0, 0);
      let calledSequential = false;
      let calledNaive = false;
      for (let day = 0; day < 30; day++) {
        const ta = simulate(random, 300, 0.05);
        const tb = simulate(random, 300, 0.05);
        a = binary(a.n + ta.n, a.sum + ta.sum);
        b = binary(b.n + tb.n, b.sum + tb.sum);
        const result = compare(a, b);
        calledSequential ||= result.sequential.significant;
        calledNaive ||= result.frequentist.significant;
      }
      if (calledSequential) sequential++;
      if (calledNaive) naive++;
    }
    expect(sequential / 200).toBeLessThanOrEqual(0.08);
    expect(naive).toBeGreaterThan(sequential + 10);
  });

  it('a 50/45 split configured as 50/50 is flagged in every one of 20 tests; a true 50/50 split almost never', () => {
    let flagged = 0;
    let falseAlarms = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const random = prng(seed);
      const counts = [0, 0];
      const fair = [0, 0];
      // 19,000 shoppers assigned 50:45 by a broken split, and 19,000 by a fair one.
      for (let i = 0; i < 19_000; i++) {
        counts[random() < 50 / 95 ? 0 : 1]!++;
        fair[random() < 0.5 ? 0 : 1]!++;
      }
      if (sampleRatioMismatch(counts, [50, 50]).mismatch) flagged++;
      if (sampleRatioMismatch(fair, [50, 50]).mismatch) falseAlarms++;
    }
    expect(flagged).toBe(20);
    expect(falseAlarms).toBeLessThanOrEqual(1);
  });
});
