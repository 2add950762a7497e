// The server fits each store's ranking to its own events (#19): the refresh job runs the search of
// `shopscene tune` on the stored events (in slices, requests going on), recommendations are ranked with
// the fitted blend and carry it for the SDK, the static catalog carries it as its ranking block, and
// `shopscene eval` runs on the server's exported events — on PGlite and on PostgreSQL.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticLog } from '../../../scripts/synthetic-log.mjs';
import type { Db } from './db/database.ts';
import { createRelatedBuilder, DEFAULT_BLEND, type RelatedShape } from '@shopscene/core/related';
import { refreshStore, storeRecords } from './learn/refresh.ts';
import type { ServerContext } from './context.ts';
import { conforms } from './test-support/contract.ts';
import { DATABASES, testDatabase } from './test-support/databases.ts';
import { admin, postEvents, product, shopEvent, testApp } from './test-support/harness.ts';
import type { NewStore } from './stores.ts';

const CLI = createRequire(import.meta.url).resolve('@shopscene/core/openapi.json').replace(/openapi\.json$/, 'bin/shopscene.mjs');
const page = conforms('RecommendationPage');

/**
 * A store's click log, as events of the last days: by default with categories and short visits (the
 * shape where a fitted blend gains most).
 */
function storeHistory(log: Partial<Parameters<typeof syntheticLog>[0]> = { sessions: 1200, seed: 5, categories: true, visitLength: 3, follow: 0.3 }) {
  const start = Date.now() - 3 * 86_400_000;
  const records = [...syntheticLog({ sessions: 1200, ...log, start })];
  const events = records.map((r) =>
    shopEvent({
      name: r.action === 'cart' ? 'add_to_cart' : 'view_item',
      anonymous_id: `shopper-${r.session}`,
      session_id: r.session,
      time: r.time,
      items: [{ item_id: r.item, item_category: r.category, item_brand: r.brand }],
    }),
  );
  const items = new Map(records.map((r) => [r.item, r]));
  const catalog = [...items.values()].map((r) => product(r.item, { categories: [r.category], brand: r.brand }));
  return { events, catalog };
}

describe.each(DATABASES)('the fitted ranking on %s', (kind) => {
  let db: Db;
  let app: FastifyInstance;
  let ctx: ServerContext;
  let store: NewStore;
  let harness: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    db = await testDatabase(kind);
    // Bounded by trials, not time: the same search however busy the machine (about 7 s here when quiet).
    harness = await testApp(db, { refresh: { fit: { timeBudgetMs: 300_000, maxTrials: 40 } } });
    ({ app, ctx } = harness);
    store = await harness.store();
    const { events, catalog } = storeHistory();
    expect((await admin(app, store, 'PUT', '/v1/admin/catalog', catalog)).statusCode).toBe(200);
    for (let at = 0; at < events.length; at += 500) expect((await postEvents(app, store.writeKey, events.slice(at, at + 500))).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('the refresh job fits a blend that beats the defaults on the latest sessions, and keeps it until the next fit is due', async () => {
    const result = await ctx.refresh(store.id);
    if (result.status !== 'done') throw new Error(`refresh ${result.status}: ${result.reason}`);
    if (result.fit.status !== 'fitted') throw new Error(`not fitted: ${result.fit.reason}`);
    expect(result.fit.sessions).toBeGreaterThan(100);
    expect(result.fit.after.ndcg).toBeGreaterThan(result.fit.before.ndcg);
    expect(result.blend).toMatchObject({ weights: expect.any(Object), intent: expect.any(Object), relatedLists: expect.any(Object), fitted: { after: result.fit.after } });
    // The lists it keeps are those the fitted builder options make (built again, or the same pairs scored with another damping).
    const builder = createRelatedBuilder(result.blend!.relatedLists);
    for await (const records of storeRecords(db, store.id, 0)) for (const r of records) builder.add(r);
    const { rows } = await db.query<{ product_id: string; related: unknown }>('SELECT product_id, related FROM related_lists WHERE store_id = $1', [store.id]);
    expect(new Map(rows.map((r) => [r.product_id, r.related]))).toEqual(builder.finish());
    // Requests go on while it fits (it runs in slices): one asked once the search has begun is answered before it ends.
    let searching!: () => void;
    const begun = new Promise<void>((resolve) => (searching = resolve));
    const refit = refreshStore(db, store.id, { fit: { everyMs: 0, timeBudgetMs: 4000, progress: (line) => line.startsWith('defaults:') && searching() } });
    await begun;
    const answered = app.inject({ method: 'POST', url: `/v1/recommendations?key=${store.writeKey}`, payload: { placement: 'guess-you-like', limit: 4 } });
    expect(await Promise.race([answered.then((r) => `answered ${r.statusCode}`), refit.then(() => 'the fit ended first')])).toBe('answered 200');
    expect(await refit).toMatchObject({ status: 'done', fit: { status: 'fitted' } });
    // The next scheduled run does not fit again before a day has passed: the blend is kept.
    const second = await ctx.refresh(store.id);
    expect(second).toMatchObject({ status: 'done', fit: { status: 'skipped', reason: expect.stringMatching(/^fitted \d+ min ago$/) }, blend: { fitted: expect.any(Object) } });
  });

  it('a fit that changes only how much a common neighbour is held back keeps the same pairs, scored again', async () => {
    // Many clicks on bestsellers: plain sums fit better than the default √(count) (see tune's own test).
    const bestsellers = await harness.store();
    const { events } = storeHistory({ sessions: 2500, items: 1000, topics: 20, revisit: 0.15, follow: 0.15, seed: 1 });
    for (let at = 0; at < events.length; at += 500) expect((await postEvents(app, bestsellers.writeKey, events.slice(at, at + 500))).statusCode).toBe(200);
    // The builder's part of the search only (the defaults, four windows, three backward shares, three dampings).
    const result = await refreshStore(db, bestsellers.id, { fit: { everyMs: 0, maxTrials: 11, timeBudgetMs: 300_000 } });
    if (result.status !== 'done' || !result.blend) throw new Error(`not fitted: ${JSON.stringify(result)}`);
    const { window, backward, damping } = result.blend.relatedLists;
    expect({ window, backward }).toEqual({ window: DEFAULT_BLEND.relatedLists.window, backward: DEFAULT_BLEND.relatedLists.backward });
    expect(damping).toBeLessThan(DEFAULT_BLEND.relatedLists.damping);
    const built = (options: Partial<RelatedShape>) => {
      const builder = createRelatedBuilder(options);
      return (async () => {
        for await (const records of storeRecords(db, bestsellers.id, 0)) for (const r of records) builder.add(r);
        return builder.finish();
      })();
    };
    const { rows } = await db.query<{ product_id: string; related: unknown }>('SELECT product_id, related FROM related_lists WHERE store_id = $1', [bestsellers.id]);
    const kept = new Map(rows.map((r) => [r.product_id, r.related]));
    expect(kept).toEqual(await built(result.blend.relatedLists));
    expect(kept).not.toEqual(await built({}));
  }, 120_000);

  it('fits nothing on too few predictions, and says so: enough visits, but each of two items', async () => {
    const small = await harness.store();
    const start = Date.now() - 86_400_000;
    const events = Array.from({ length: 220 }, (_, v) =>
      [0, 1].map((k) => shopEvent({ anonymous_id: `shopper-${v}`, session_id: `visit-${v}`, time: start + v * 60_000 + k * 20_000, items: [{ item_id: `sku-${(v * 7 + k) % 50}` }] })),
    ).flat();
    expect((await postEvents(app, small.writeKey, events)).statusCode).toBe(200);
    const result = await ctx.refresh(small.id);
    if (result.status !== 'done') throw new Error(`refresh ${result.status}: ${result.reason}`);
    // The latest fifth of the 220 visits is fitted on: 44 predictions, one a visit.
    expect(result.fit).toEqual({ status: 'skipped', reason: '44 predictions to fit on in the latest 44 sessions; 100 needed' });
    expect(result.blend).toBeNull();
  });

  it('recommendations are ranked with it and carry it; the static catalog carries it as its ranking block', async () => {
    const blend = (await admin(app, store, 'GET', '/v1/admin/catalog')).json().blend;
    expect(blend).toMatchObject({ weights: expect.any(Object), intent: expect.any(Object) });
    const r = await app.inject({
      method: 'POST',
      url: `/v1/recommendations?key=${store.writeKey}`,
      payload: { placement: 'guess-you-like', limit: 6, profile: { interests: {}, rfmSegment: 'general-development', aipl: {}, traits: {}, recent: [{ id: 'i0', time: Date.now() - 60_000 }] } },
    });
    expect(page(r.json())).toEqual([]);
    expect(r.json().ranking).toEqual(blend);
    const catalog = (await app.inject({ url: `/v1/catalog.json?key=${store.writeKey}` })).json();
    expect(catalog.ranking).toEqual(blend);
    expect(catalog.products.length).toBeGreaterThan(100);
  });

  it('`shopscene eval --tuned` runs on the events the server exports', async () => {
    const exported = await admin(app, store, 'GET', '/v1/admin/events.jsonl');
    expect(exported.statusCode).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'shopscene-eval-'));
    try {
      writeFileSync(join(dir, 'events.jsonl'), exported.body);
      const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'eval', join(dir, 'events.jsonl'), '--tuned', '--time', '5', '--max-test-sessions', '150'], { maxBuffer: 1 << 24 });
      const row = (method: string) => stdout.split('\n').find((line) => line.startsWith(`| ${method} |`));
      for (const method of ['rank() with related lists', 'rank() with related lists, tuned', 'session-kNN (V-SkNN)']) expect(row(method), method).toMatch(/\| 0\.\d{4} \| 0\.\d{4} \| 0\.\d{4} \|/);
      expect(stdout).toMatch(/"tuned": the blend fitted on the [\d,]+ earlier sessions only/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
