import { createRelatedBuilder, DEFAULT_BLEND, recordsFromJson, sessionsOf, tuneInSlices, type LogRecord, type RankingBlend, type Scores } from '@shopscene/core/related';
import type { Db } from '../db/database.ts';
import { allScenes } from '../scenes/scene-store.ts';
import { refreshReports, type RollupResult } from './report-rollups.ts';
import { bumpVersion } from '../catalog/catalog-store.ts';

/** What a refresh did, or why it did not run. */
export type RefreshResult =
  | { status: 'done'; runId: number; events: number; records: number; visits: number; items: number; lists: number; ms: number; blend: FittedBlend | null; fit: FitReport; reports: RollupResult | null }
  | { status: 'skipped'; reason: string };

/** How the refresh job reads a store's events. */
export interface RefreshOptions {
  /** Events older than this many days are not read. @default 180 */
  windowDays?: number;
  /** Skip when a run finished less than this long ago (another server's scheduled run, say). @default 0 */
  minIntervalMs?: number;
  now?: () => number;
  /** How the store's ranking is fitted to its events (`shopscene tune`'s search); false: never (the defaults stand). */
  fit?: FitOptions | false;
  /** Events read per query. @default 5000 */
  pageSize?: number;
  /** Rebuild what the reports read (experiments, campaigns, shopper flow). @default true */
  reports?: boolean;
}

/** How the refresh job fits a store's ranking. */
export interface FitOptions {
  /** The search stops after this long (the best so far stands); it runs in slices, requests go on. @default 20 s */
  timeBudgetMs?: number;
  /** And after trying this many blends. @default no bound */
  maxTrials?: number;
  /** Fewer sessions than this say too little: the defaults stand. @default 200 */
  minSessions?: number;
  /** At most this many records are fitted on: the latest. @default 400,000 */
  maxRecords?: number;
  /** A store's ranking is fitted again once the last fit is this old (a store's taste changes slowly; the search costs CPU). @default 1 day */
  everyMs?: number;
  /** Told what the search is doing, a line at a time. */
  progress?: (line: string) => void;
}

/** The defaults of {@link FitOptions}. */
export const FIT_DEFAULTS: Required<Omit<FitOptions, 'progress' | 'maxTrials'>> = { timeBudgetMs: 20_000, minSessions: 200, maxRecords: 400_000, everyMs: 86_400_000 };

/** A blend the refresh job fitted, with how it did on the store's latest sessions (kept in `refresh_runs.detail.blend`). */
export type FittedBlend = RankingBlend & { fitted: { at: number; sessions: number; trials: number; before: Scores; after: Scores; ms: number } };

/** What became of the fitting in a run. */
export type FitReport = { status: 'fitted'; sessions: number; before: Scores; after: Scores; trials: number; ms: number } | { status: 'skipped'; reason: string };

/** How much each action says of an item's popularity (as for related lists: a purchase says most). */
const POPULARITY_WEIGHT = { view: 1, wishlist: 2, cart: 3, purchase: 4 } as const;
/** Popularity halves every week; "trending" compares the last day with the week before it. */
const POPULARITY_HALF_LIFE_MS = 7 * 86_400_000;
const DAY = 86_400_000;

/**
 * Reads a store's events that name items (those that say something of interest: views, carts,
 * wishlists, purchases) since `since`, in order of time, a page at a time: each becomes log records
 * exactly as `shopscene related` reads our collector's events (`recordsFromJson`). Time order is the
 * table's own order, so the pages read the disk in sequence (an order by session jumped all over it: a
 * second a page at 10,000,000 events); the related-list builder takes visits interleaved, as a log
 * has them.
 */
export async function* storeRecords(db: Db, store: string, since: number, pageSize = 5000): AsyncGenerator<LogRecord[]> {
  // The first page starts at (since, ''): every event of that time and after (an id is never empty).
  // No separate `time >= since`: the index would start there and walk every page before this one. And
  // no filter on the JSON (events without items are skipped below): PostgreSQL cannot estimate one,
  // guessed few rows left near the end, and sorted the whole table for each of the last pages.
  let after: [number, string] = [since, ''];
  for (;;) {
    const { rows } = await db.query<{ time: number; event_id: string; body: unknown }>(
      `SELECT time, event_id, body FROM events
       WHERE store_id = $1 AND (time, event_id) > ($2, $3) AND name NOT IN ('view_item_list', 'view_promotion', 'page_view', 'experiment_exposure')
       ORDER BY time, event_id
       LIMIT $4`,
      [store, after[0], after[1], pageSize],
    );
    if (!rows.length) return;
    const records: LogRecord[] = [];
    for (const r of rows) {
      if (!Array.isArray((r.body as { items?: unknown }).items)) continue;
      const read = recordsFromJson(r.body, 'view');
      if (Array.isArray(read)) records.push(...read);
    }
    yield records;
    const last = rows.at(-1)!;
    after = [last.time, last.event_id];
    if (rows.length < pageSize) return;
  }
}

/** The advisory lock a store's refresh holds while it runs: one run per store, across every server. */
export const refreshLock = (store: string) => `shopscene.refresh:${store}`;

/**
 * Learns from a store's events what recommendations use: each product's related list (the same
 * builder as `shopscene related`), its popularity (weighted by action, halving every week) and how
 * fast it is trending, and the ranking fitted to the store (unless `fit` is false). One run per store
 * at a time across every server on the database (an advisory lock); the results replace the last
 * ones in one transaction.
 */
export async function refreshStore(db: Db, store: string, options: RefreshOptions = {}): Promise<RefreshResult> {
  const now = options.now ?? Date.now;
  const release = await db.tryLock(refreshLock(store));
  if (!release) return { status: 'skipped', reason: 'a refresh of this store is running (on this server or another)' };
  const runId = now();
  try {
    if (options.minIntervalMs) {
      const { rows } = await db.query<{ finished: number | null }>("SELECT max(finished_at) AS finished FROM refresh_runs WHERE store_id = $1 AND status = 'done'", [store]);
      const finished = rows[0]?.finished ?? null;
      if (finished !== null && runId - finished < options.minIntervalMs) return { status: 'skipped', reason: `refreshed ${Math.round((runId - finished) / 1000)} s ago` };
    }
    await db.query('INSERT INTO refresh_runs (store_id, run_id, started_at, status) VALUES ($1, $2, $2, $3)', [store, runId, 'running']);
    const started = Date.now();
    const since = runId - (options.windowDays ?? 180) * DAY;
    // The last fitted ranking's builder options shape the related lists (a fit below may change them).
    const last = options.fit === false ? null : await lastBlend(db, store);
    const fitDue = options.fit !== false && (!last || runId - (last.fitted.at ?? 0) >= (options.fit?.everyMs ?? FIT_DEFAULTS.everyMs));
    const fit = fitDue ? { ...FIT_DEFAULTS, ...(options.fit || {}) } : null;
    const builder = createRelatedBuilder(last?.relatedLists ?? {});
    const popularity = new Map<string, { score: number; lastDay: number; weekBefore: number }>();
    /** What the fit reads: the latest records, up to the cap (pages come in order of time). */
    let sample: LogRecord[] = [];
    const keep = fit ? fit.maxRecords : 0;
    let records = 0;
    for await (const page of storeRecords(db, store, since, options.pageSize)) {
      if (keep && sample.length > 2 * keep) sample = sample.slice(-keep);
      for (const r of page) {
        const step = builder.add(r);
        records++;
        if (keep) sample.push(r);
        // A card's click and its page's view are one interest, not two (else what is recommended and
        // clicked would gain popularity twice over what shoppers find for themselves).
        if (!step) continue;
        const p = popularity.get(r.item) ?? { score: 0, lastDay: 0, weekBefore: 0 };
        const age = Math.max(0, runId - r.time);
        p.score += POPULARITY_WEIGHT[r.action] * 0.5 ** (age / POPULARITY_HALF_LIFE_MS);
        if (age < DAY) p.lastDay++;
        else if (age < 8 * DAY) p.weekBefore++;
        popularity.set(r.item, p);
      }
    }
    if (sample.length > keep) sample = sample.slice(-keep);
    let lists = builder.finish();
    const { visits, events } = builder.stats();
    const fitted = fit
      ? await fitRanking(sample, fit, last, runId)
      : { report: { status: 'skipped', reason: options.fit === false ? 'fitting is off' : `fitted ${Math.round((runId - last!.fitted.at) / 60_000)} min ago` } as FitReport, blend: last };
    const blend = fitted.blend;
    // Fitted with other builder options than these lists were built with: only another damping, the same
    // pairs scored again; else built again from what was read.
    const built = { ...DEFAULT_BLEND.relatedLists, ...last?.relatedLists };
    const wanted = { ...DEFAULT_BLEND.relatedLists, ...blend?.relatedLists };
    const samePairs = wanted.window === built.window && wanted.backward === built.backward;
    if (blend && !samePairs && sample.length === records) {
      const again = createRelatedBuilder(wanted);
      for (const r of sample) again.add(r);
      lists = again.finish();
    } else if (blend && samePairs && wanted.damping !== built.damping) lists = builder.finish(wanted.damping);
    // Growing faster than its own last week: a day's count above its daily average then (with a few at least).
    const trending = (p: { lastDay: number; weekBefore: number }) => (p.lastDay >= 2 ? Math.max(0, p.lastDay - p.weekBefore / 7) : 0);
    const related = [...lists].map(([product_id, list]) => ({ product_id, related: list }));
    const stats = [...popularity].map(([product_id, p]) => ({ product_id, popularity: Math.round(p.score * 1000) / 1000, trending: trending(p) }));
    const detail = { events, records, visits, items: popularity.size, lists: lists.size, ms: Date.now() - started, blend, fit: fitted.report };
    await db.transaction(async (tx) => {
      await tx.query('DELETE FROM related_lists WHERE store_id = $1', [store]);
      for (let at = 0; at < related.length; at += 5000) {
        await tx.query('INSERT INTO related_lists (store_id, product_id, related) SELECT $1, r.product_id, r.related FROM jsonb_to_recordset($2::jsonb) AS r(product_id text, related jsonb)', [
          store,
          JSON.stringify(related.slice(at, at + 5000)),
        ]);
      }
      await tx.query('DELETE FROM item_stats WHERE store_id = $1', [store]);
      for (let at = 0; at < stats.length; at += 5000) {
        await tx.query(
          'INSERT INTO item_stats (store_id, product_id, popularity, trending) SELECT $1, r.product_id, r.popularity, r.trending FROM jsonb_to_recordset($2::jsonb) AS r(product_id text, popularity double precision, trending double precision)',
          [store, JSON.stringify(stats.slice(at, at + 5000))],
        );
      }
      await tx.query('UPDATE refresh_runs SET status = $3, finished_at = $4, detail = $5::jsonb WHERE store_id = $1 AND run_id = $2', [store, runId, 'done', Date.now(), JSON.stringify({ ...detail, ms: Date.now() - started })]);
      await bumpVersion(tx, store, 'learned');
    });
    // What the reports read, from the same events (after the lists: a failure here costs only the reports).
    const reports = options.reports === false ? null : await refreshReports(db, store, { now: runId, windowDays: options.windowDays ?? 180, scenes: await allScenes(db, store) });
    if (reports) await db.query("UPDATE refresh_runs SET detail = detail || jsonb_build_object('reports', $3::jsonb) WHERE store_id = $1 AND run_id = $2", [store, runId, JSON.stringify(reports)]);
    return { status: 'done', runId, ...detail, reports, ms: Date.now() - started };
  } catch (error) {
    await db.query('UPDATE refresh_runs SET status = $3, finished_at = $4, detail = $5::jsonb WHERE store_id = $1 AND run_id = $2', [store, runId, 'failed', Date.now(), JSON.stringify({ error: String(error) })]).catch(() => {});
    throw error;
  } finally {
    await release();
  }
}

/** The blend of the store's last run that fitted one. */
async function lastBlend(db: Db, store: string): Promise<FittedBlend | null> {
  const { rows } = await db.query<{ blend: FittedBlend | null }>(
    "SELECT detail->'blend' AS blend FROM refresh_runs WHERE store_id = $1 AND status = 'done' AND jsonb_typeof(detail->'blend') = 'object' ORDER BY run_id DESC LIMIT 1",
    [store],
  );
  return rows[0]?.blend ?? null;
}

/**
 * Fits the store's ranking to its events (the search of `shopscene tune`, in slices: requests go on
 * meanwhile), starting from the defaults. Too few sessions (or predictions in them), or a fit no better
 * than the defaults, keeps the last fitted blend (or none: the defaults).
 */
async function fitRanking(records: LogRecord[], fit: typeof FIT_DEFAULTS & FitOptions, last: FittedBlend | null, at: number): Promise<{ report: FitReport; blend: FittedBlend | null }> {
  const sessions = sessionsOf(records).filter((s) => s.length > 1).length;
  if (sessions < fit.minSessions) return { report: { status: 'skipped', reason: `${sessions} sessions with more than one event; ${fit.minSessions} needed` }, blend: last };
  const result = await tuneInSlices(records, { timeBudgetMs: fit.timeBudgetMs, maxPredictions: 2000, ...(fit.maxTrials ? { maxTrials: fit.maxTrials } : {}), ...(fit.progress ? { progress: fit.progress } : {}) });
  if (result.tooFew) return { report: { status: 'skipped', reason: `${result.tooFew.predictions} predictions to fit on in the latest ${result.validateSessions} sessions; ${result.tooFew.needed} needed` }, blend: last };
  const report: FitReport = { status: 'fitted', sessions: result.validateSessions, before: result.before, after: result.after, trials: result.trials, ms: result.ms };
  if (!(result.after.ndcg > result.before.ndcg)) return { report, blend: last };
  return { report, blend: { ...result.blend, fitted: { at, sessions: result.validateSessions, trials: result.trials, before: result.before, after: result.after, ms: result.ms } } };
}
