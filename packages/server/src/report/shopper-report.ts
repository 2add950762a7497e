// Shopper flow and brand health, from what the refresh job keeps at each snapshot (the end of each
// of the last weeks, and the refresh): AIPL stage counts per brand and the moves between stages, RFM
// tier sizes, and FAST per brand — F, the brand's reachable shoppers (any AIPL stage); A, the share of
// them who moved up a stage since the snapshot before; S, super users (loyal, of high value: RFM
// monetary score at least 3); T, the share of super users active in the period.
import { AIPL_STAGES } from '@shopscene/core';
import type { Db } from '../db/database.ts';

/** FAST of a brand at a snapshot. */
export interface Fast {
  at: number;
  since: number;
  brand: string;
  /** F: shoppers at any stage with the brand. */
  reachable: number;
  /** A: the share of F who moved up a stage in the period. */
  advancing: number;
  /** S: loyal shoppers of high value. */
  superUsers: number;
  /** T: the share of S active (any event) in the period. */
  thriving: number;
}

/** The shopper report. */
export interface ShopperReport {
  snapshots: number[];
  /** The brands by F at the latest snapshot, most first (at most `brands`). */
  brands: string[];
  /** Per brand, per snapshot, shoppers at each stage (awareness, interest, purchase, loyalty). */
  aipl: Record<string, { at: number; stages: Record<string, number> }[]>;
  /** Per brand, the moves between the last two snapshots: from → to → shoppers. */
  flows: Record<string, { from: string; to: string; shoppers: number }[]>;
  /** Per snapshot, shoppers in each RFM tier ('none': no order yet). */
  rfm: { at: number; segments: Record<string, number> }[];
  /** Per brand, FAST at each snapshot. */
  fast: Record<string, Fast[]>;
}

/** Builds the report: the `limit` brands with the most reachable shoppers (or the brand asked for). */
export async function shopperReport(db: Db, store: string, options: { brand?: string; limit?: number } = {}): Promise<ShopperReport> {
  const limit = options.limit ?? 8;
  const [aipl, flows, rfm, fast] = await Promise.all([
    db.query<{ at: number; brand: string; stage: string; shoppers: number }>('SELECT at, brand, stage, shoppers FROM aipl_counts WHERE store_id = $1 ORDER BY at', [store]),
    db.query<{ at: number; brand: string; from_stage: string; to_stage: string; shoppers: number }>(
      'SELECT at, brand, from_stage, to_stage, shoppers FROM aipl_flows WHERE store_id = $1 AND at = (SELECT max(at) FROM aipl_flows WHERE store_id = $1)',
      [store],
    ),
    db.query<{ at: number; segment: string; shoppers: number }>('SELECT at, segment, shoppers FROM rfm_counts WHERE store_id = $1 ORDER BY at', [store]),
    db.query<{ at: number; since: number; brand: string; reachable: number; advanced: number; super_users: number; active_super_users: number }>(
      'SELECT at, since, brand, reachable, advanced, super_users, active_super_users FROM fast_indicators WHERE store_id = $1 ORDER BY at',
      [store],
    ),
  ]);
  const snapshots = [...new Set([...aipl.rows, ...rfm.rows].map((r) => Number(r.at)))].sort((a, b) => a - b);
  const latest = snapshots.at(-1);
  const reach = new Map<string, number>();
  for (const r of fast.rows) if (Number(r.at) === latest) reach.set(r.brand, Number(r.reachable));
  const brands = options.brand ? [options.brand] : [...reach].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit).map(([b]) => b);
  const wanted = new Set(brands);
  const report: ShopperReport = { snapshots, brands, aipl: {}, flows: {}, rfm: [], fast: {} };
  for (const brand of brands) {
    report.aipl[brand] = snapshots.map((at) => ({ at, stages: Object.fromEntries(AIPL_STAGES.filter((s) => s !== 'none').map((s) => [s, 0])) }));
    report.flows[brand] = [];
    report.fast[brand] = [];
  }
  for (const r of aipl.rows) if (wanted.has(r.brand)) report.aipl[r.brand]![snapshots.indexOf(Number(r.at))]!.stages[r.stage] = Number(r.shoppers);
  for (const r of flows.rows) if (wanted.has(r.brand)) report.flows[r.brand]!.push({ from: r.from_stage, to: r.to_stage, shoppers: Number(r.shoppers) });
  const bySnapshot = new Map<number, Record<string, number>>();
  for (const r of rfm.rows) bySnapshot.set(Number(r.at), { ...bySnapshot.get(Number(r.at)), [r.segment]: Number(r.shoppers) });
  report.rfm = [...bySnapshot].map(([at, segments]) => ({ at, segments }));
  for (const r of fast.rows) {
    if (!wanted.has(r.brand)) continue;
    const reachable = Number(r.reachable);
    const superUsers = Number(r.super_users);
    report.fast[r.brand]!.push({
      at: Number(r.at),
      since: Number(r.since),
      brand: r.brand,
      reachable,
      advancing: reachable ? Number(r.advanced) / reachable : 0,
      superUsers,
      thriving: superUsers ? Number(r.active_super_users) / superUsers : 0,
    });
  }
  return report;
}
