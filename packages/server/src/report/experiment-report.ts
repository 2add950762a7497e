// One A/B test's results: per variation, the shoppers exposed and each metric per exposed shopper
// (from experiment_variations, which the refresh job keeps with experiment-variations.sql), each variation against
// control read three ways (stats/effects.ts), the split checked against the configured weights, and
// the always-valid lift day by day — the view a marketer may look at every day.
import type { SceneConfig } from '@shopscene/core';
import type { Db } from '../db/database.ts';
import { VARIATION_COLUMNS } from '../learn/report-rollups.ts';
import { compare, MINIMUM, moments, sampleRatioMismatch, type Comparison, type MeanAggregate, type RatioAggregate } from '../stats/effects.ts';

/** The metrics of a test, each measured per exposed shopper after their first exposure. */
export const METRICS = ['clickThrough', 'addToCart', 'conversion', 'revenue', 'orderValue'] as const;
export type MetricId = (typeof METRICS)[number];

/** A test as the scene config defines it: its variations and their weights, control first. */
export interface ExperimentDefinition {
  id: string;
  scene: string;
  floor?: string;
  variants: { id: string; weight: number }[];
  /** False when the config no longer has the test (its variations are then those seen, weighed alike). */
  configured: boolean;
}

/** Every test the config defines: each scene's with variants, and each floor's (`scene/floor`). */
export function experimentsOf(config: SceneConfig | null): ExperimentDefinition[] {
  const out: ExperimentDefinition[] = [];
  for (const scene of config?.scenes ?? []) {
    if (scene.variants) out.push({ id: scene.id, scene: scene.id, variants: scene.variants.map((v) => ({ id: v.id, weight: v.weight })), configured: true });
    for (const floor of scene.floors) if (floor.variants) out.push({ id: `${scene.id}/${floor.id}`, scene: scene.id, floor: floor.id, variants: floor.variants.map((v) => ({ id: v.id, weight: v.weight })), configured: true });
  }
  return out;
}

/** One row of experiment_variations (experiment-variations.sql, kept by the refresh job), one test's. */
interface VariationDay {
  variant_id: string;
  day: number;
  shoppers: number;
  multiple_variants: number;
  clicked: number;
  carted: number;
  converted: number;
  orders: number;
  orders_squares: number;
  revenue: number;
  revenue_squares: number;
  revenue_orders: number;
  pre_revenue: number;
  pre_revenue_squares: number;
  pre_revenue_revenue: number;
}
type Sums = Omit<VariationDay, 'variant_id' | 'day'>;
const ZERO: Sums = { shoppers: 0, multiple_variants: 0, clicked: 0, carted: 0, converted: 0, orders: 0, orders_squares: 0, revenue: 0, revenue_squares: 0, revenue_orders: 0, pre_revenue: 0, pre_revenue_squares: 0, pre_revenue_revenue: 0 };
const plus = (a: Sums, b: Sums): Sums => Object.fromEntries(Object.keys(ZERO).map((k) => [k, a[k as keyof Sums] + Number(b[k as keyof Sums])])) as Sums;

/** A metric's aggregate from a variation's sums; and what counts toward its minimum total. */
function aggregate(metric: MetricId, s: Sums): { aggregate: MeanAggregate | RatioAggregate; count: number } {
  const binary = (k: number) => ({ aggregate: { n: s.shoppers, sum: k, sumSquares: k }, count: k });
  switch (metric) {
    case 'clickThrough':
      return binary(s.clicked);
    case 'addToCart':
      return binary(s.carted);
    case 'conversion':
      return binary(s.converted);
    case 'revenue':
      return { aggregate: { n: s.shoppers, sum: s.revenue, sumSquares: s.revenue_squares }, count: s.converted };
    case 'orderValue':
      return {
        aggregate: { n: s.shoppers, sum: s.revenue, sumSquares: s.revenue_squares, denominatorSum: s.orders, denominatorSumSquares: s.orders_squares, crossProducts: s.revenue_orders },
        count: s.orders,
      };
  }
}

/**
 * Revenue per shopper with CUPED: less the part their revenue in the 14 days before exposure explains
 * (θ from all variations together), which narrows the interval without moving the lift's expectation.
 */
function cupedRevenue(all: Sums[], s: Sums): MeanAggregate | null {
  const total = all.reduce(plus, ZERO);
  const n = total.shoppers;
  if (n < 3) return null;
  const varX = (total.pre_revenue_squares - total.pre_revenue ** 2 / n) / (n - 1);
  if (!(varX > 0)) return null;
  const cov = (total.pre_revenue_revenue - (total.pre_revenue * total.revenue) / n) / (n - 1);
  const theta = cov / varX;
  const meanX = total.pre_revenue / n;
  // Y' = Y − θ(X − mean X): its sum and sum of squares from the sums kept.
  const m = s.shoppers;
  const sum = s.revenue - theta * (s.pre_revenue - m * meanX);
  const sumSquares =
    s.revenue_squares - 2 * theta * (s.pre_revenue_revenue - meanX * s.revenue) + theta ** 2 * (s.pre_revenue_squares - 2 * meanX * s.pre_revenue + m * meanX ** 2);
  return { n: m, sum, sumSquares };
}

/** A variation's figures. */
export interface VariationResult {
  id: string;
  weight: number;
  shoppers: number;
  /** Shoppers who were shown more than one variation (different devices of one shopper, before they signed in). */
  multipleVariants: number;
  metrics: Record<MetricId, { mean: number; count: number }>;
}

/** One variation against control on one metric. */
export interface MetricResult extends Comparison {
  variant: string;
  metric: MetricId;
  /** False below the minimum sample: the figures are shown, the calls are not made. */
  enoughData: boolean;
  /** Revenue only: the same with CUPED (revenue before exposure taken out). */
  cuped?: Comparison;
}

/** The report of one test. */
export interface ExperimentReport {
  experiment: ExperimentDefinition;
  control: string;
  /** 'srm': the split is broken (trust nothing else); 'not-enough-data': too few shoppers yet; 'ok'. */
  status: 'ok' | 'srm' | 'not-enough-data' | 'no-data';
  srm: { chiSquare: number; pValue: number; mismatch: boolean; expected: Record<string, number> };
  variations: VariationResult[];
  results: MetricResult[];
  /** Day by day (by day of first exposure, cumulative): shoppers and conversion per variation, and each variation's always-valid lift in conversion. */
  daily: { day: number; shoppers: Record<string, number>; conversion: Record<string, number>; lift: Record<string, { lift: number; interval: [number, number] }> }[];
}

/** Builds one test's report from the rollup (a test the config no longer has is still reported, from what was seen). */
export async function experimentReport(db: Db, store: string, id: string, config: SceneConfig | null): Promise<ExperimentReport | null> {
  const { rows } = await db.query<VariationDay>(`SELECT ${VARIATION_COLUMNS.slice(1).join(', ')} FROM experiment_variations WHERE store_id = $1 AND experiment_id = $2 ORDER BY variant_id, day`, [store, id]);
  const defined = experimentsOf(config).find((e) => e.id === id);
  if (!rows.length && !defined) return null;
  const seen = [...new Set(rows.map((r) => r.variant_id))].sort();
  const [scene, floor] = id.split('/');
  const experiment: ExperimentDefinition = defined ?? { id, scene: scene!, ...(floor ? { floor } : {}), variants: seen.map((v) => ({ id: v, weight: 1 })), configured: false };
  // Variations shown that the config does not name (an old variant) are reported too, with no weight.
  const variants = [...experiment.variants, ...seen.filter((v) => !experiment.variants.some((d) => d.id === v)).map((v) => ({ id: v, weight: 0 }))];
  const control = variants[0]!.id;
  const days = [...new Set(rows.map((r) => Number(r.day)))].sort((a, b) => a - b);
  const totals = new Map(variants.map((v) => [v.id, ZERO]));
  const daily: ExperimentReport['daily'] = [];
  for (const day of days) {
    for (const r of rows) if (Number(r.day) === day) totals.set(r.variant_id, plus(totals.get(r.variant_id)!, r));
    const point: ExperimentReport['daily'][number] = { day, shoppers: {}, conversion: {}, lift: {} };
    for (const v of variants) {
      const s = totals.get(v.id)!;
      point.shoppers[v.id] = s.shoppers;
      point.conversion[v.id] = s.shoppers ? s.converted / s.shoppers : 0;
      if (v.id !== control && s.shoppers && totals.get(control)!.shoppers) {
        const c = compare(aggregate('conversion', totals.get(control)!).aggregate, aggregate('conversion', s).aggregate);
        point.lift[v.id] = { lift: c.lift, interval: c.sequential.interval };
      }
    }
    daily.push(point);
  }
  const sums = variants.map((v) => totals.get(v.id)!);
  const counts = sums.map((s) => s.shoppers);
  const weighted = variants.filter((v) => v.weight > 0);
  const srm = sampleRatioMismatch(
    weighted.map((v) => totals.get(v.id)!.shoppers),
    weighted.map((v) => v.weight),
  );
  const totalShoppers = counts.reduce((a, b) => a + b, 0);
  const weightSum = weighted.reduce((a, v) => a + v.weight, 0);
  const expected = Object.fromEntries(weighted.map((v) => [v.id, weightSum ? (totalShoppers * v.weight) / weightSum : 0]));
  const variations: VariationResult[] = variants.map((v, i) => ({
    id: v.id,
    weight: v.weight,
    shoppers: sums[i]!.shoppers,
    multipleVariants: sums[i]!.multiple_variants,
    metrics: Object.fromEntries(METRICS.map((m) => {
      const { aggregate: a, count } = aggregate(m, sums[i]!);
      return [m, { mean: moments(a).mean, count }];
    })) as VariationResult['metrics'],
  }));
  const controlSums = totals.get(control)!;
  const results: MetricResult[] = [];
  for (const v of variants) {
    if (v.id === control) continue;
    const s = totals.get(v.id)!;
    for (const metric of METRICS) {
      const c = aggregate(metric, controlSums);
      const t = aggregate(metric, s);
      const enoughData = controlSums.shoppers >= MINIMUM.shoppersPerVariation && s.shoppers >= MINIMUM.shoppersPerVariation && c.count + t.count >= MINIMUM.metricTotal;
      const result: MetricResult = { variant: v.id, metric, enoughData, ...compare(c.aggregate, t.aggregate) };
      if (metric === 'revenue') {
        const cc = cupedRevenue(sums, controlSums);
        const ct = cupedRevenue(sums, s);
        if (cc && ct) result.cuped = compare(cc, ct);
      }
      results.push(result);
    }
  }
  const enough = counts.length > 1 && counts.every((n) => n >= MINIMUM.shoppersPerVariation);
  const status = !totalShoppers ? 'no-data' : srm.mismatch ? 'srm' : enough ? 'ok' : 'not-enough-data';
  return { experiment: { ...experiment, variants }, control, status, srm: { ...srm, expected }, variations, results, daily };
}

/** Every test with results or a definition: its id, shoppers exposed and status at a glance. */
export async function experimentList(db: Db, store: string, config: SceneConfig | null): Promise<{ id: string; shoppers: number; variations: number; configured: boolean; lastExposure: number | null }[]> {
  const { rows } = await db.query<{ experiment_id: string; shoppers: number; variations: number; last: number }>(
    'SELECT experiment_id, sum(shoppers) AS shoppers, count(DISTINCT variant_id) AS variations, max(last_exposure) AS last FROM experiment_variations WHERE store_id = $1 GROUP BY experiment_id ORDER BY max(last_exposure) DESC',
    [store],
  );
  const defined = experimentsOf(config);
  const listed: { id: string; shoppers: number; variations: number; configured: boolean; lastExposure: number | null }[] = rows.map((r) => ({
    id: r.experiment_id,
    shoppers: Number(r.shoppers),
    variations: Number(r.variations),
    configured: defined.some((d) => d.id === r.experiment_id),
    lastExposure: Number(r.last),
  }));
  for (const d of defined) if (!listed.some((l) => l.id === d.id)) listed.push({ id: d.id, shoppers: 0, variations: d.variants.length, configured: true, lastExposure: null });
  return listed;
}
