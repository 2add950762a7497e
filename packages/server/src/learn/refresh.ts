import { createRelatedBuilder, recordsFromJson, type LogRecord } from '@shopscene/core/related';
import type { RankWeights, RelatedItem } from '@shopscene/core';
import type { Db } from '../db/database.ts';
import { bumpVersion } from '../catalog/catalog-store.ts';

/** What a refresh did, or why it did not run. */
export type RefreshResult =
  | { status: 'done'; runId: number; events: number; records: number; visits: number; items: number; lists: number; ms: number; blend: Partial<RankWeights> | null }
  | { status: 'skipped'; reason: string };

/** How the refresh job reads a store's events. */
export interface RefreshOptions {
  /** Events older than this many days are not read. @default 180 */
  windowDays?: number;
  /** Skip when a run finished less than this long ago (another server's scheduled run, say). @default 0 */
  minIntervalMs?: number;
  now?: () => number;
  /** Fits the store's ranking blend from the same records (the `tune` search), when given. */
  fitBlend?: (records: LogRecord[], related: Map<string, RelatedItem[]>) => Promise<Partial<RankWeights> | null> | Partial<RankWeights> | null;
  /** Events read per query. @default 5000 */
  pageSize?: number;
}

/** How much each action says of an item's popularity (as for related lists: a purchase says most). */
const POPULARITY_WEIGHT = { view: 1, wishlist: 2, cart: 3, purchase: 4 } as const;
/** Popularity halves every week; "trending" compares the last day with the week before it. */
const POPULARITY_HALF_LIFE_MS = 7 * 86_400_000;
const DAY = 86_400_000;

/**
 * Reads a store's events that name items (those that say something of interest: views, carts,
 * wishlists, purchases), in order of session and time, a page at a time: each becomes log records
 * exactly as `shopscene related` reads our collector's events (`recordsFromJson`).
 */
export async function* storeRecords(db: Db, store: string, since: number, pageSize = 5000): AsyncGenerator<LogRecord[]> {
  let after: [string, number, string] = ['', -1, ''];
  for (;;) {
    const { rows } = await db.query<{ session_id: string; client_time: number; event_id: string; body: unknown }>(
      `SELECT session_id, client_time, event_id, body FROM events
       WHERE store_id = $1 AND time >= $2 AND jsonb_typeof(body->'items') = 'array' AND name NOT IN ('view_item_list', 'view_promotion')
         AND (session_id, client_time, event_id) > ($3, $4, $5)
       ORDER BY session_id, client_time, event_id
       LIMIT $6`,
      [store, since, after[0], after[1], after[2], pageSize],
    );
    if (!rows.length) return;
    const records: LogRecord[] = [];
    for (const r of rows) {
      const read = recordsFromJson(r.body, 'view');
      if (Array.isArray(read)) records.push(...read);
    }
    yield records;
    const last = rows.at(-1)!;
    after = [last.session_id, last.client_time, last.event_id];
    if (rows.length < pageSize) return;
  }
}

/**
 * Learns from a store's events what recommendations use: each product's related list (the same
 * builder as `shopscene related`), its popularity (weighted by action, halving every week) and how
 * fast it is trending, and — with `fitBlend` — the ranking blend fitted to the store. One run per store
 * at a time across every server on the database (an advisory lock); the results replace the last
 * ones in one transaction.
 */
export async function refreshStore(db: Db, store: string, options: RefreshOptions = {}): Promise<RefreshResult> {
  const now = options.now ?? Date.now;
  const release = await db.tryLock(`shopscene.refresh:${store}`);
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
    const builder = createRelatedBuilder();
    const popularity = new Map<string, { score: number; lastDay: number; weekBefore: number }>();
    const all: LogRecord[] | undefined = options.fitBlend ? [] : undefined;
    let records = 0;
    for await (const page of storeRecords(db, store, since, options.pageSize)) {
      for (const r of page) {
        builder.add(r);
        records++;
        all?.push(r);
        const p = popularity.get(r.item) ?? { score: 0, lastDay: 0, weekBefore: 0 };
        const age = Math.max(0, runId - r.time);
        p.score += POPULARITY_WEIGHT[r.action] * 0.5 ** (age / POPULARITY_HALF_LIFE_MS);
        if (age < DAY) p.lastDay++;
        else if (age < 8 * DAY) p.weekBefore++;
        popularity.set(r.item, p);
      }
    }
    const lists = builder.finish();
    const { visits, events } = builder.stats();
    const blend = all && all.length ? await options.fitBlend!(all, lists) : null;
    // Growing faster than its own last week: a day's count above its daily average then (with a few at least).
    const trending = (p: { lastDay: number; weekBefore: number }) => (p.lastDay >= 2 ? Math.max(0, p.lastDay - p.weekBefore / 7) : 0);
    const related = [...lists].map(([product_id, list]) => ({ product_id, related: list }));
    const stats = [...popularity].map(([product_id, p]) => ({ product_id, popularity: Math.round(p.score * 1000) / 1000, trending: trending(p) }));
    const detail = { events, records, visits, items: popularity.size, lists: lists.size, ms: Date.now() - started, blend };
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
    return { status: 'done', runId, ...detail, ms: Date.now() - started };
  } catch (error) {
    await db.query('UPDATE refresh_runs SET status = $3, finished_at = $4, detail = $5::jsonb WHERE store_id = $1 AND run_id = $2', [store, runId, 'failed', Date.now(), JSON.stringify({ error: String(error) })]).catch(() => {});
    throw error;
  } finally {
    await release();
  }
}
