// Events into the database (#18): stored once however often they come, acknowledged after the commit,
// clock-corrected, checked with the SDK's own event definition — on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from './db/database.ts';
import { DATABASES, testDatabase } from './test-support/databases.ts';
import { postEvents, shopEvent, testApp } from './test-support/harness.ts';
import type { NewStore } from './stores.ts';

describe.each(DATABASES)('events on %s', (kind) => {
  let db: Db;
  let app: FastifyInstance;
  let store: NewStore;
  const stored = async (storeId = store.id) =>
    (await db.query<{ event_id: string; client_time: number; time: number; name: string; body: Record<string, unknown> }>('SELECT event_id, client_time, time, name, body FROM events WHERE store_id = $1 ORDER BY client_time', [storeId])).rows;
  beforeAll(async () => {
    db = await testDatabase(kind);
    const t = await testApp(db);
    app = t.app;
    store = await t.store();
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('stores a batch once, acknowledged only after the commit; the same batch sent three times never counts twice', async () => {
    const events = Array.from({ length: 20 }, (_, i) => shopEvent({ session_id: 'retry', items: [{ item_id: `sku-${i}`, price: '9.5' }] }));
    const first = await postEvents(app, store.writeKey, events);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ accepted: 20, duplicates: 0 });
    expect(first.headers['x-shopscene-dedupe']).toBe('event_id');
    // Acknowledged: in the database already.
    expect((await stored()).filter((r) => r.body.session_id === 'retry')).toHaveLength(20);
    for (let i = 0; i < 2; i++) expect((await postEvents(app, store.writeKey, events)).json()).toEqual({ accepted: 0, duplicates: 20 });
    // Half old, half new, and one event twice in the same batch.
    const more = [shopEvent({ session_id: 'retry' }), shopEvent({ session_id: 'retry' })];
    expect((await postEvents(app, store.writeKey, [...events.slice(0, 10), ...more, more[0]!])).json()).toEqual({ accepted: 2, duplicates: 11 });
    const rows = (await stored()).filter((r) => r.body.session_id === 'retry');
    expect(rows).toHaveLength(22);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(22);
    // Stored as the SDK checks them: a numeric string read as a number.
    expect((rows.find((r) => r.event_id === events[0]!.event_id)!.body.items as { price: number }[])[0]!.price).toBe(9.5);
  });

  it('corrects a device clock that is hours off, from the batch’s sent_at; the key keeps the client’s own time', async () => {
    const now = Date.now();
    const skew = 2 * 3600_000;
    const event = shopEvent({ time: now + skew - 5000, session_id: 'clock' }); // 5 s before the batch left, by a clock 2 h ahead
    await postEvents(app, store.writeKey, [event], { sent_at: now + skew });
    const [row] = (await stored()).filter((r) => r.event_id === event.event_id);
    expect(row!.client_time).toBe(event.time);
    expect(Math.abs(row!.time - (now - 5000))).toBeLessThan(5000); // within the time the request took
    expect(row!.time).toBeLessThanOrEqual(Date.now());
  });

  it('names the bad field with a 400 when nothing can be stored; stores the rest when some events are bad', async () => {
    const notBatch = await postEvents(app, store.writeKey, []).then(() => app.inject({ method: 'POST', url: `/v1/events?key=${store.writeKey}`, headers: { 'content-type': 'text/plain' }, payload: '{"events": 5}' }));
    expect(notBatch.statusCode).toBe(400);
    expect(notBatch.json().error).toMatch(/events: expected an array/);
    const bad = await postEvents(app, store.writeKey, [shopEvent({ items: [{ item_id: 'x', price: 'cheap' }] })]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: expect.stringContaining('events[0].items[0].price'), issues: [{ path: 'events[0].items[0].price' }] });
    const unnamed = await postEvents(app, store.writeKey, [shopEvent({ name: 'teleport' })]);
    expect(unnamed.json().issues[0].path).toBe('events[0].name');
    const good = shopEvent({ session_id: 'mixed' });
    const mixed = await postEvents(app, store.writeKey, [good, { ...shopEvent(), event_id: undefined }, shopEvent({ time: 1234 })]);
    expect(mixed.statusCode).toBe(200);
    expect(mixed.json()).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 1, issues: [{ path: 'events[1].event_id' }] }, { index: 2, issues: [{ path: 'events[2].time' }] }] });
    const notJson = await app.inject({ method: 'POST', url: `/v1/events?key=${store.writeKey}`, headers: { 'content-type': 'text/plain' }, payload: '{"events": [' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error).toMatch(/JSON/);
  });

  it('refuses what PostgreSQL cannot store (NUL, half a surrogate pair) by path, and stores hostile text verbatim', async () => {
    const nul = await postEvents(app, store.writeKey, [shopEvent({ search_term: 'tea\u0000', name: 'search', items: undefined })]);
    expect(nul.statusCode).toBe(400);
    expect(nul.json().issues).toEqual([{ path: 'events[0].search_term', message: expect.stringMatching(/NUL/) }]);
    const surrogate = await postEvents(app, store.writeKey, [shopEvent({ items: [{ item_id: 'x', item_name: 'half \ud83d pair' }] })]);
    expect(surrogate.json().issues).toEqual([{ path: 'events[0].items[0].item_name', message: expect.stringMatching(/surrogate/) }]);
    const hostile = ["'); DROP TABLE events; --", '<script>alert(1)</script>', 'Robert"); DELETE FROM stores; --', '$1 $$ \\x00 %s {{7*7}}', '😀 emoji \u2028 line', "' OR '1'='1"];
    const events = hostile.map((text, i) =>
      shopEvent({ name: 'search', search_term: text.slice(0, 200), anonymous_id: text.slice(0, 200), session_id: `hostile-${i}`, items: [{ item_id: text.slice(0, 200), item_name: text }], page: { url: text, path: text, title: text, referrer: text } }),
    );
    expect((await postEvents(app, store.writeKey, events)).json()).toEqual({ accepted: hostile.length, duplicates: 0 });
    const rows = (await stored()).filter((r) => String(r.body.session_id).startsWith('hostile-'));
    expect(rows.map((r) => r.body.search_term).sort()).toEqual(hostile.map((t) => t.slice(0, 200)).sort());
    expect(rows.map((r) => (r.body.page as { url: string }).url).sort()).toEqual([...hostile].sort());
    // Nothing ran: the tables are all there, every store too.
    expect((await db.query('SELECT count(*)::int AS n FROM stores')).rows[0]).toMatchObject({ n: expect.any(Number) });
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE store_id = $1', [store.id])).rows[0]!.n).toBeGreaterThan(hostile.length);
  });

  it('refuses a batch larger than the limit with 413, before reading it all, on a chunked body too', async () => {
    const big = await app.inject({ method: 'POST', url: `/v1/events?key=${store.writeKey}`, headers: { 'content-type': 'text/plain' }, payload: JSON.stringify({ events: [shopEvent({ name: 'search', items: undefined, search_term: 'x'.repeat(200), reason: 'y'.repeat(2_000_000) })] }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error).toMatch(/larger than 1024 KB/);
  });
});
