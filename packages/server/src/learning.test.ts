// The learning loop (#18): events stored → the refresh job → recommendations and the static catalog
// say "shoppers who viewed A also viewed this"; the job's lists agree with related.sql run inside the
// database; pages follow the contract — on PGlite and on PostgreSQL.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from './db/database.ts';
import { refreshStore } from './learn/refresh.ts';
import { conforms } from './test-support/contract.ts';
import { DATABASES, testDatabase } from './test-support/databases.ts';
import { admin, postEvents, product, shopEvent, testApp } from './test-support/harness.ts';
import type { NewStore } from './stores.ts';

const RELATED_SQL = readFileSync(createRequire(import.meta.url).resolve('@shopscene/core/openapi.json').replace(/openapi\.json$/, 'src/related/related.sql'), 'utf8');
const page = conforms('RecommendationPage');

/** 40 products in four categories; popularity decreasing with the number. */
const CATALOG = Array.from({ length: 40 }, (_, i) => product(`p${i}`, { categories: ['Shop', ['Tea', 'Cups', 'Pots', 'Gifts'][i % 4]!], popularity: 100 - i }));

/**
 * Shoppers who viewed A (p7) then went on to B (p31) and C (p22); others wander, coming to their second
 * item by a click on its card (select_item, then its page's view_item). Times an hour apart per shopper.
 */
function history() {
  const events: Record<string, unknown>[] = [];
  const start = Date.now() - 2 * 86_400_000;
  const visit = (shopper: number, items: [string, string][]) =>
    items.forEach(([id, name], i) => events.push(shopEvent({ name, anonymous_id: `shopper-${shopper}`, session_id: `visit-${shopper}`, time: start + shopper * 3_600_000 + i * 30_000, items: [{ item_id: id }] })));
  for (let s = 0; s < 12; s++) visit(s, [['p7', 'view_item'], ['p31', 'view_item'], ['p22', s % 3 ? 'view_item' : 'add_to_cart'], [`p${(s * 5) % 40}`, 'view_item']]);
  for (let s = 12; s < 30; s++)
    visit(s, [[`p${s % 40}`, 'view_item'], [`p${(s * 7) % 40}`, 'select_item'], [`p${(s * 7) % 40}`, 'view_item'], [`p${(s * 11) % 40}`, s % 4 ? 'view_item' : 'purchase'], [`p${(s * 13) % 40}`, 'view_item']]);
  return events.map((e) => (e.name === 'purchase' ? { ...e, transaction_id: `T-${e.event_id}`, value: 10, currency: 'USD' } : e));
}

describe.each(DATABASES)('learning on %s', (kind) => {
  let db: Db;
  let app: FastifyInstance;
  let store: NewStore;
  let anotherStore: () => Promise<NewStore>;
  const recommend = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: `/v1/recommendations?key=${store.writeKey}`, payload: body });
  beforeAll(async () => {
    db = await testDatabase(kind);
    const t = await testApp(db);
    app = t.app;
    store = await t.store();
    anotherStore = () => t.store();
    expect((await admin(app, store, 'PUT', '/v1/admin/catalog', CATALOG)).statusCode).toBe(200);
    const events = history();
    for (let at = 0; at < events.length; at += 20) expect((await postEvents(app, store.writeKey, events.slice(at, at + 20))).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('before any refresh, recommendations are the catalog by its own popularity, and follow the contract', async () => {
    const r = await recommend({ placement: 'guess-you-like', limit: 5 });
    expect(r.statusCode).toBe(200);
    expect(page(r.json())).toEqual([]);
    // A newcomer: the most popular, mixed across categories, with a little exploration (which may move
    // an item a dozen places among items this close in popularity).
    const ids: string[] = r.json().items.map((p: { id: string }) => p.id);
    expect(ids).toHaveLength(5);
    expect(ids.every((id) => Number(id.slice(1)) < 24)).toBe(true);
    expect(ids.reduce((sum, id) => sum + Number(id.slice(1)), 0) / 5).toBeLessThan(12);
  });

  it('after a refresh, a shopper who viewed A sees what others viewed after A, through recommendations and the static catalog', async () => {
    const result = await admin(app, store, 'POST', '/v1/admin/refresh');
    expect(result.json()).toMatchObject({ status: 'done', events: 138, lists: expect.any(Number) }); // 12 shoppers × 4 events, 18 × 5
    // "Shoppers also viewed" on A's page: B, then C, first.
    const related = await recommend({ placement: 'related:p7', limit: 5 });
    expect(page(related.json())).toEqual([]);
    const ids = related.json().items.map((p: { id: string }) => p.id);
    expect(ids.slice(0, 2)).toEqual(['p31', 'p22']);
    expect(ids).not.toContain('p7');
    // The home waterfall of a shopper whose last look was A (their summary, sent with consent).
    const home = await recommend({ placement: 'guess-you-like', limit: 6, profile: { interests: {}, rfmSegment: 'general-development', aipl: {}, traits: {}, recent: [{ id: 'p7', time: Date.now() - 60_000 }] } });
    expect(home.json().items.slice(0, 3).map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['p31', 'p22']));
    // The catalog for a script tag on the static mode carries the lists too.
    const catalog = await app.inject({ url: `/v1/catalog.json?key=${store.writeKey}` });
    expect(catalog.headers.etag).toBeTruthy();
    const a = (catalog.json() as { id: string; related?: [string, number][] }[]).find((p) => p.id === 'p7')!;
    expect(a.related!.slice(0, 2)).toEqual([['p31', 1], ['p22', expect.any(Number)]]);
    expect((await app.inject({ url: `/v1/catalog.json?key=${store.writeKey}`, headers: { 'if-none-match': catalog.headers.etag as string } })).statusCode).toBe(304);
  });

  it('pages through a placement without repeats, with a filter for a floor; a cursor it never gave is a 400', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const r = await recommend({ placement: 'guess-you-like', limit: 7, cursor, profile: { interests: { Tea: 2 }, rfmSegment: 'x', aipl: {}, traits: {} } });
      expect(page(r.json())).toEqual([]);
      seen.push(...r.json().items.map((p: { id: string }) => p.id));
      cursor = r.json().cursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    // Interest in tea puts tea first.
    expect(seen.slice(0, 3).every((id) => Number(id.slice(1)) % 4 === 0)).toBe(true);
    const floor = await recommend({ placement: 'floor:cups', filter: { categories: ['Cups'] }, limit: 100 });
    expect(floor.json().items).toHaveLength(10);
    expect(floor.json().items.every((p: { categories: string[] }) => p.categories.includes('Cups'))).toBe(true);
    expect(floor.json().cursor).toBeNull();
    const bad = await recommend({ placement: 'guess-you-like', cursor: 'not-a-cursor' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/cursor/);
    const invalid = await recommend({ limit: 5 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().issues).toEqual([expect.objectContaining({ path: 'placement' })]);
  });

  it('the refresh job’s lists are what related.sql computes inside the database from the same events', async () => {
    // One row per step: a card's click (select_item) and the view of its page just after are one.
    const input = `WITH read AS (
      SELECT e.session_id AS session, it->>'item_id' AS item, e.client_time AS time, e.event_id, e.name,
             CASE e.name WHEN 'add_to_wishlist' THEN 2 WHEN 'add_to_cart' THEN 3 WHEN 'purchase' THEN 4 WHEN 'begin_checkout' THEN 4 ELSE 1 END AS weight
      FROM events e, jsonb_array_elements(e.body->'items') AS it
      WHERE e.store_id = '${store.id}' AND e.name IN ('view_item', 'select_item', 'add_to_wishlist', 'add_to_cart', 'begin_checkout', 'purchase')
    ), stepped AS (
      SELECT *, LAG(name) OVER w AS before_name, LAG(item) OVER w AS before_item, LAG(time) OVER w AS before_time
      FROM read WINDOW w AS (PARTITION BY session ORDER BY time, event_id)
    ), events AS (
      SELECT session, item, time, weight, row_number() OVER (ORDER BY session, time, event_id) AS line
      FROM stepped
      WHERE NOT COALESCE(name = 'view_item' AND before_name = 'select_item' AND before_item = item AND time - before_time <= 1800000, false)
    ),`;
    const sql = RELATED_SQL.replace(/^--.*\n/gm, '').replace(/^WITH /m, `${input} `);
    const { rows } = await db.query<{ item: string; related: string; weight: number; rank: number }>(sql);
    const fromSql = new Map<string, [string, number][]>();
    for (const r of rows) fromSql.set(r.item, [...(fromSql.get(r.item) ?? []), [r.related, Math.max(0.001, Math.round(Number(r.weight) * 1000) / 1000)]]);
    const { rows: learned } = await db.query<{ product_id: string; related: [string, number][] }>('SELECT product_id, related FROM related_lists WHERE store_id = $1', [store.id]);
    expect(learned.length).toBeGreaterThan(20);
    expect(learned.length).toBe(fromSql.size);
    // The same items with the same weights (to the 0.001 both keep); only where two scores tie to the
    // last float bit may the order of equals, or which of them makes the 20th place, differ.
    for (const { product_id, related } of learned) {
      const mine = new Map(related);
      const theirs = new Map(fromSql.get(product_id)!);
      const cut = (list: Map<string, number>) => Math.min(...list.values());
      for (const id of new Set([...mine.keys(), ...theirs.keys()])) {
        if (mine.has(id) && theirs.has(id)) expect(Math.abs(mine.get(id)! - theirs.get(id)!), `${product_id} → ${id}`).toBeLessThanOrEqual(0.0015);
        else expect(Math.abs((mine.get(id) ?? theirs.get(id)!) - cut(mine.has(id) ? mine : theirs)), `${product_id} → ${id} only on one side`).toBeLessThanOrEqual(0.0015);
      }
      expect(related[0]![0], product_id).toBe(fromSql.get(product_id)![0]![0]);
    }
  });

  it('a card’s click and the view of its page count once in popularity (a reload of a page counts again)', async () => {
    const other = await anotherStore();
    const at = Date.now() - 3_600_000;
    const step = (name: string, item: string, session: string, ms: number) => shopEvent({ name, anonymous_id: session, session_id: session, time: at + ms, items: [{ item_id: item }] });
    const events = [step('select_item', 'p1', 'v1', 0), step('view_item', 'p1', 'v1', 1000), step('view_item', 'p2', 'v2', 0), step('view_item', 'p2', 'v2', 1000)];
    expect((await postEvents(app, other.writeKey, events)).statusCode).toBe(200);
    expect(await refreshStore(db, other.id)).toMatchObject({ status: 'done', records: 4 });
    const { rows } = await db.query<{ product_id: string; popularity: number }>('SELECT product_id, popularity FROM item_stats WHERE store_id = $1', [other.id]);
    const popularity = Object.fromEntries(rows.map((r) => [r.product_id, Number(r.popularity)]));
    // p1: one step (its card, then its page); p2: its page, then the same page again.
    expect(popularity.p2! / popularity.p1!).toBeCloseTo(2, 3);
  });

  it('one refresh of a store at a time: a second asked meanwhile is skipped, and says why', async () => {
    const [a, b] = await Promise.all([refreshStore(db, store.id), refreshStore(db, store.id)]);
    expect([a.status, b.status].sort()).toEqual(['done', 'skipped']);
    expect((a.status === 'skipped' ? a : b) as { reason: string }).toMatchObject({ reason: expect.stringMatching(/running/) });
  });
});
