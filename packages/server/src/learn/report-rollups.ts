// What the reports read, rebuilt by the refresh job from the stored events: who each device is, each
// A/B test's shoppers, each scene's campaign counts (the SQL in sql/reports/, which also runs on a
// warehouse), and the shopper flow — AIPL stages per brand, their moves, RFM tiers and FAST — by
// replaying each shopper's events through the SDK's own profile code (reduceProfile, aiplStages,
// rfmSegment): the same definitions as on the device, one implementation.
import { readFileSync } from 'node:fs';
import { AIPL_STAGES, createProfile, reduceProfile, rfmSegment, sceneTimeline, aiplStages, type AiplStage, type Profile, type SceneConfig, type ShopEvent } from '@shopscene/core';
import type { Db, Queryable } from '../db/database.ts';

/** The report SQL shipped with the server (sql/reports/), beside src/ and dist/ alike. */
const REPORTS = new URL('../../sql/reports/', import.meta.url);
const cache = new Map<string, string>();
/** One of the report queries, as plain SQL. */
export function reportSql(name: 'shopper-units' | 'experiment-units' | 'experiment-variations' | 'campaign'): string {
  let sql = cache.get(name);
  if (!sql) cache.set(name, (sql = readFileSync(new URL(`${name}.sql`, REPORTS), 'utf8')));
  return sql;
}

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Shopper flow is kept at the end of each of this many past weeks (and at the refresh). */
export const FLOW_WEEKS = 12;

/** The columns of experiment_variations, as experiment-variations.sql returns them. */
export const VARIATION_COLUMNS = ['experiment_id', 'variant_id', 'day', 'last_exposure', 'shoppers', 'multiple_variants', 'clicked', 'carted', 'converted', 'orders', 'orders_squares', 'revenue', 'revenue_squares', 'revenue_orders', 'pre_revenue', 'pre_revenue_squares', 'pre_revenue_revenue'] as const;

/** What a rebuild did. */
export interface RollupResult {
  units: number;
  experimentShoppers: number;
  campaignRows: number;
  shoppersReplayed: number;
  ms: number;
}

/** Gives the server's other work a turn between slices of a long replay. */
const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Replaces a store's rows of `table` with those `select` (a report query) returns, in one transaction.
 * The queries aggregate a whole store: with row estimates off (a table just rewritten, a filter on JSON)
 * the planner may pick nested loops over thousands of shoppers each, quadratic; hash and merge joins
 * are never wrong here, so nested loops are off for the transaction.
 */
async function replace(db: Db, table: string, columns: string[], select: string, params: unknown[]): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_nestloop = off');
    await tx.query(`DELETE FROM ${table} WHERE store_id = $1`, [params[0]]);
    const { rowCount } = await tx.query(`INSERT INTO ${table} (store_id, ${columns.join(', ')}) SELECT $1, q.* FROM (${select}) q`, params);
    return rowCount;
  });
}

/** The scenes' phases (from their schedules), floors and coupons, as campaign.sql takes them. */
export function campaignParameters(config: SceneConfig | null): { phases: { scene_id: string; phase: string; starts: number; ends: number }[]; floors: { scene_id: string; floor_id: string }[]; coupons: { scene_id: string; coupon_id: string }[] } {
  const phases: { scene_id: string; phase: string; starts: number; ends: number }[] = [];
  const floors: { scene_id: string; floor_id: string }[] = [];
  const coupons: { scene_id: string; coupon_id: string }[] = [];
  for (const scene of config?.scenes ?? []) {
    const timeline = sceneTimeline(scene);
    timeline.phases.forEach((p, i) => phases.push({ scene_id: scene.id, phase: p.phase, starts: p.start, ends: timeline.phases[i + 1]?.start ?? timeline.end }));
    // Every floor a shopper may see: the scene's and its variants'.
    for (const floor of [...scene.floors, ...(scene.variants ?? []).flatMap((v) => v.floors ?? [])]) {
      floors.push({ scene_id: scene.id, floor_id: floor.id });
      if (floor.coupon) coupons.push({ scene_id: scene.id, coupon_id: floor.coupon.id });
    }
  }
  const unique = <T>(list: T[]) => [...new Map(list.map((x) => [JSON.stringify(x), x])).values()];
  return { phases, floors: unique(floors), coupons: unique(coupons) };
}

/** When shopper flow is kept: the end of each of the last {@link FLOW_WEEKS} whole weeks (UTC days), and now. */
export function snapshotTimes(now: number): number[] {
  const today = Math.floor(now / DAY) * DAY;
  return [...Array.from({ length: FLOW_WEEKS }, (_, k) => today - (FLOW_WEEKS - 1 - k) * WEEK), now].filter((t, i, all) => i === 0 || t > all[i - 1]!);
}

const RANK: Record<AiplStage, number> = Object.fromEntries(AIPL_STAGES.map((s, i) => [s, i])) as Record<AiplStage, number>;

/** Counts kept while shoppers are replayed. */
function createFlowCounts(ats: number[]) {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  return {
    /** One shopper: their events in time order. */
    add(events: ShopEvent[]) {
      let profile: Profile = createProfile({ createdAt: events[0]!.time, anonymousId: 'replay' });
      let next = 0;
      let before: Record<string, AiplStage> = {};
      for (const [k, at] of ats.entries()) {
        const since = k ? ats[k - 1]! : -Infinity;
        let active = false;
        while (next < events.length && events[next]!.time <= at) {
          const event = events[next++]!;
          profile = reduceProfile(profile, event, event.time);
          if (event.time > since) active = true;
        }
        if (next === 0) continue; // not a shopper yet
        const stages: Record<string, AiplStage> = {};
        for (const [key, stage] of Object.entries(aiplStages(profile, at))) if (key.startsWith('brand:')) stages[key.slice(6)] = stage;
        const rfm = rfmSegment(profile, {}, at);
        add(`rfm|${at}|${rfm.segment}`);
        const highValue = rfm.scores.m >= 3;
        for (const brand of new Set([...Object.keys(stages), ...Object.keys(before)])) {
          const stage = stages[brand] ?? 'none';
          const was = before[brand] ?? 'none';
          if (stage !== 'none') add(`aipl|${at}|${brand}|${stage}`);
          if (k > 0 && (stage !== 'none' || was !== 'none')) add(`flow|${at}|${brand}|${was}|${stage}`);
          if (stage !== 'none') add(`fast-f|${at}|${brand}`);
          if (k > 0 && stage !== 'none' && RANK[stage] > RANK[was]) add(`fast-a|${at}|${brand}`);
          if (stage === 'loyalty' && highValue) {
            add(`fast-s|${at}|${brand}`);
            if (active) add(`fast-t|${at}|${brand}`);
          }
        }
        before = stages;
      }
    },
    counts,
  };
}

/**
 * Replays each shopper's events through the SDK's profile and keeps, at each snapshot time, AIPL
 * counts per brand, the moves since the snapshot before, RFM tier sizes and FAST. Events are read a
 * page at a time by device (the index on it); a shopper of several devices is replayed once all of
 * their devices' events are in.
 */
async function replayShoppers(db: Db, store: string, now: number, windowDays: number): Promise<{ shoppers: number; rows: { table: string; rows: Record<string, unknown>[] }[] }> {
  const ats = snapshotTimes(now);
  const since = ats[0]! - windowDays * DAY;
  const flow = createFlowCounts(ats);
  const { rows: merged } = await db.query<{ anonymous_id: string; unit: string }>(
    'SELECT anonymous_id, unit FROM shopper_units WHERE store_id = $1 AND unit IN (SELECT unit FROM shopper_units WHERE store_id = $1 GROUP BY unit HAVING count(*) > 1)',
    [store],
  );
  const unitOf = new Map(merged.map((r) => [r.anonymous_id, r.unit]));
  const several = new Map<string, ShopEvent[]>();
  let shoppers = 0;
  let current: string | null = null;
  let events: ShopEvent[] = [];
  const flush = () => {
    if (events.length) (flow.add(events), shoppers++);
    events = [];
  };
  let after: [string, number, string] = ['', -Infinity, ''];
  let sliceStart = Date.now();
  for (;;) {
    const { rows } = await db.query<{ anonymous_id: string; time: number; event_id: string; body: ShopEvent }>(
      `SELECT anonymous_id, time, event_id, body FROM events
       WHERE store_id = $1 AND time >= $2 AND time <= $3 AND (anonymous_id, time, event_id) > ($4, $5, $6)
       ORDER BY anonymous_id, time, event_id LIMIT 5000`,
      [store, since, now, after[0], Number.isFinite(after[1]) ? after[1] : -1, after[2]],
    );
    for (const r of rows) {
      const event = { ...r.body, time: r.time };
      const unit = unitOf.get(r.anonymous_id);
      if (unit) {
        const list = several.get(unit);
        if (list) list.push(event);
        else several.set(unit, [event]);
      }
      else {
        if (r.anonymous_id !== current) (flush(), (current = r.anonymous_id));
        events.push(event);
      }
      if (Date.now() - sliceStart > 10) (await breathe(), (sliceStart = Date.now()));
    }
    if (rows.length < 5000) break;
    const last = rows.at(-1)!;
    after = [last.anonymous_id, last.time, last.event_id];
  }
  flush();
  for (const list of several.values()) {
    list.sort((a, b) => a.time - b.time);
    flow.add(list);
    shoppers++;
    await breathe();
  }
  // The counts, as rows of each table.
  const aipl: Record<string, unknown>[] = [];
  const flows: Record<string, unknown>[] = [];
  const rfm: Record<string, unknown>[] = [];
  const fast = new Map<string, Record<string, number | string>>();
  const sinceOf = (at: number) => ats[ats.indexOf(at) - 1] ?? at;
  for (const [key, n] of flow.counts) {
    const [kind, atText, a, b, c] = key.split('|') as [string, string, string, string, string];
    const at = Number(atText);
    if (kind === 'aipl') aipl.push({ at, brand: a, stage: b, shoppers: n });
    else if (kind === 'flow') flows.push({ at, since: sinceOf(at), brand: a, from_stage: b, to_stage: c, shoppers: n });
    else if (kind === 'rfm') rfm.push({ at, segment: a, shoppers: n });
    else {
      const row = fast.get(`${at}|${a}`) ?? { at, since: sinceOf(at), brand: a, reachable: 0, advanced: 0, super_users: 0, active_super_users: 0 };
      row[{ 'fast-f': 'reachable', 'fast-a': 'advanced', 'fast-s': 'super_users', 'fast-t': 'active_super_users' }[kind]!] = n;
      fast.set(`${at}|${a}`, row);
    }
  }
  return {
    shoppers,
    rows: [
      { table: 'aipl_counts', rows: aipl },
      { table: 'aipl_flows', rows: flows },
      { table: 'rfm_counts', rows: rfm },
      { table: 'fast_indicators', rows: [...fast.values()] },
    ],
  };
}

const COLUMNS: Record<string, [string, string][]> = {
  aipl_counts: [['at', 'bigint'], ['brand', 'text'], ['stage', 'text'], ['shoppers', 'bigint']],
  aipl_flows: [['at', 'bigint'], ['since', 'bigint'], ['brand', 'text'], ['from_stage', 'text'], ['to_stage', 'text'], ['shoppers', 'bigint']],
  rfm_counts: [['at', 'bigint'], ['segment', 'text'], ['shoppers', 'bigint']],
  fast_indicators: [['at', 'bigint'], ['since', 'bigint'], ['brand', 'text'], ['reachable', 'bigint'], ['advanced', 'bigint'], ['super_users', 'bigint'], ['active_super_users', 'bigint']],
};

/** Writes rows computed here into a table, replacing the store's (in chunks, through jsonb_to_recordset). */
async function write(tx: Queryable, store: string, table: string, rows: Record<string, unknown>[]) {
  const columns = COLUMNS[table]!;
  await tx.query(`DELETE FROM ${table} WHERE store_id = $1`, [store]);
  for (let at = 0; at < rows.length; at += 5000) {
    await tx.query(
      `INSERT INTO ${table} (store_id, ${columns.map(([c]) => c).join(', ')}) SELECT $1, r.* FROM jsonb_to_recordset($2::jsonb) AS r(${columns.map(([c, t]) => `${c} ${t}`).join(', ')})`,
      [store, JSON.stringify(rows.slice(at, at + 5000))],
    );
  }
}

/** Rebuilds every report table of a store from its events (the refresh job calls it). */
export async function refreshReports(db: Db, store: string, options: { now: number; windowDays?: number; scenes: SceneConfig | null }): Promise<RollupResult> {
  const started = Date.now();
  const windowDays = options.windowDays ?? 180;
  // Fresh statistics for the planner: PGlite runs no autovacuum, and shopper_units was just rewritten.
  await db.exec('ANALYZE events');
  const units = await replace(db, 'shopper_units', ['anonymous_id', 'unit'], reportSql('shopper-units'), [store]);
  await db.exec('ANALYZE shopper_units');
  const experimentShoppers = await replace(
    db,
    'experiment_units',
    ['experiment_id', 'unit', 'variant_id', 'first_exposure', 'variants', 'clicks', 'carts', 'orders', 'revenue', 'pre_revenue'],
    reportSql('experiment-units'),
    [store, options.now - windowDays * DAY],
  );
  await replace(db, 'experiment_variations', [...VARIATION_COLUMNS], reportSql('experiment-variations'), [store]);
  const campaign = campaignParameters(options.scenes);
  const campaignRows = campaign.phases.length
    ? await replace(db, 'campaign_counts', ['scene_id', 'phase', 'day', 'metric', 'key', 'events', 'shoppers', 'value'], reportSql('campaign'), [
        store,
        JSON.stringify(campaign.phases),
        JSON.stringify(campaign.floors),
        JSON.stringify(campaign.coupons),
      ])
    : (await db.query('DELETE FROM campaign_counts WHERE store_id = $1', [store]), 0);
  const replayed = await replayShoppers(db, store, options.now, windowDays);
  await db.transaction(async (tx) => {
    for (const { table, rows } of replayed.rows) await write(tx, store, table, rows);
  });
  return { units, experimentShoppers, campaignRows, shoppersReplayed: replayed.shoppers, ms: Date.now() - started };
}
