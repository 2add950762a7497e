import type { Profile } from '../profile/profile-types.ts';

const DAY = 86_400_000;

/** Cut-points for RFM scores 1–5: four ascending numbers each; `rfmThresholds` computes them from a population. */
export interface RfmThresholds {
  /** Days since the last order; fewer is better: ≤ r[0] scores 5, ≤ r[1] 4, … above r[3] 1. @default [14, 30, 90, 180] */
  recency: [number, number, number, number];
  /** Orders in the window: ≥ f[3] scores 5, ≥ f[2] 4, … below f[0] 1. @default [2, 3, 5, 10] */
  frequency: [number, number, number, number];
  /** Spend in the window, after refunds: ≥ m[3] scores 5 … below m[0] 1. @default [100, 300, 800, 2000] */
  monetary: [number, number, number, number];
}

/** A segment defined by score ranges; the first whose every range holds wins. */
export interface RfmSegmentRule {
  name: string;
  r?: [number, number];
  f?: [number, number];
  m?: [number, number];
}

/** Options of {@link rfmSegment}. */
export interface RfmOptions {
  thresholds?: Partial<RfmThresholds>;
  /** Orders older than this many days do not count for frequency and monetary. @default 365 */
  windowDays?: number;
  /** A score at or above this is "high" for the classic eight segments. @default 3 */
  midpoint?: number;
  /** Segments of your own, tried in order before the classic eight. */
  segments?: RfmSegmentRule[];
}

/** The classic eight RFM segments (R, F, M each high or low), and `none` for a shopper with no order. */
export type ClassicRfmSegment =
  | 'important-value'
  | 'important-development'
  | 'important-retention'
  | 'important-recall'
  | 'general-value'
  | 'general-development'
  | 'general-retention'
  | 'general-recall'
  | 'none';

/** RFM figures, their 1–5 scores (0 without orders) and the segment. */
export interface RfmResult {
  /** Days since the last order, or null without orders. */
  recencyDays: number | null;
  frequency: number;
  monetary: number;
  scores: { r: number; f: number; m: number };
  segment: ClassicRfmSegment | (string & {});
}

/** The documented default cut-points (a small online shop; pass your own from `rfmThresholds`). */
export const RFM_DEFAULTS: RfmThresholds = {
  recency: [14, 30, 90, 180],
  frequency: [2, 3, 5, 10],
  monetary: [100, 300, 800, 2000],
};

/** The classic eight by (R high, F high, M high). */
const CLASSIC: Record<string, ClassicRfmSegment> = {
  '111': 'important-value',
  '101': 'important-development',
  '011': 'important-retention',
  '001': 'important-recall',
  '110': 'general-value',
  '100': 'general-development',
  '010': 'general-retention',
  '000': 'general-recall',
};

function scoreUp(value: number, cuts: readonly number[]): number {
  return 1 + cuts.filter((c) => value >= c).length;
}

function scoreDown(value: number, cuts: readonly number[]): number {
  return 5 - cuts.filter((c) => value > c).length;
}

/** Recency, frequency and monetary value from the profile's orders, as of `now`. */
export function rfmValues(profile: Pick<Profile, 'orders'>, now: number, windowDays = 365): Pick<RfmResult, 'recencyDays' | 'frequency' | 'monetary'> {
  const since = now - windowDays * DAY;
  let last = -Infinity;
  let frequency = 0;
  let monetary = 0;
  for (const order of profile.orders) {
    const net = order.value - (order.refunded ?? 0);
    // A fully refunded order is no order at all.
    if (order.refunded !== undefined && net <= 0) continue;
    last = Math.max(last, order.time);
    if (order.time < since || order.time > now) continue;
    frequency++;
    monetary += net;
  }
  return { recencyDays: Number.isFinite(last) ? Math.max(0, (now - last) / DAY) : null, frequency, monetary };
}

/**
 * Scores a shopper 1–5 on recency, frequency and monetary value, and names the segment: the first
 * matching rule of your own, else one of the classic eight. Pure: time comes in as `now`.
 */
export function rfmSegment(profile: Pick<Profile, 'orders'>, options: RfmOptions = {}, now: number): RfmResult {
  const t = { ...RFM_DEFAULTS, ...options.thresholds };
  const values = rfmValues(profile, now, options.windowDays);
  if (values.recencyDays === null) return { ...values, scores: { r: 0, f: 0, m: 0 }, segment: 'none' };
  const scores = {
    r: scoreDown(values.recencyDays, t.recency),
    f: scoreUp(values.frequency, t.frequency),
    m: scoreUp(values.monetary, t.monetary),
  };
  const within = (v: number, range?: [number, number]) => !range || (v >= range[0] && v <= range[1]);
  const own = options.segments?.find((rule) => within(scores.r, rule.r) && within(scores.f, rule.f) && within(scores.m, rule.m));
  if (own) return { ...values, scores, segment: own.name };
  const mid = options.midpoint ?? 3;
  const key = [scores.r, scores.f, scores.m].map((s) => (s >= mid ? '1' : '0')).join('');
  return { ...values, scores, segment: CLASSIC[key]! };
}

/**
 * Cut-points at the 20th, 40th, 60th and 80th percentiles of a merchant's own customers, so that
 * scores split the population in fifths. Pass each customer's recency days, order count and spend.
 */
export function rfmThresholds(customers: { recencyDays: number; frequency: number; monetary: number }[]): RfmThresholds {
  const quintiles = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return [at(0.2), at(0.4), at(0.6), at(0.8)] as [number, number, number, number];
  };
  return {
    recency: quintiles(customers.map((c) => c.recencyDays)),
    frequency: quintiles(customers.map((c) => c.frequency)),
    monetary: quintiles(customers.map((c) => c.monetary)),
  };
}
