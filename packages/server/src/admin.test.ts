// What a store's marketer and merchant do with its admin token (#18): scene configs checked with the
// project's parser (422 with every issue and its place), every version kept, rolled back, served with
// an ETag; the catalog uploaded whole or product by product — on PGlite and on PostgreSQL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from './db/database.ts';
import { DATABASES, testDatabase } from './test-support/databases.ts';
import { admin, product, testApp } from './test-support/harness.ts';
import type { NewStore } from './stores.ts';

const SPRING = readFileSync(join(process.cwd(), 'demo/public/scenes/spring-festival.json'), 'utf8');
const VALENTINES = readFileSync(join(process.cwd(), 'demo/public/scenes/valentines.json'), 'utf8');

describe.each(DATABASES)('admin on %s', (kind) => {
  let db: Db;
  let app: FastifyInstance;
  let store: NewStore;
  const scenes = (headers: Record<string, string> = {}) => app.inject({ url: `/v1/scenes?key=${store.writeKey}`, headers });
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

  it('scenes: none yet is a 404; a config with mistakes is a 422 with every issue, its line and column, and changes nothing', async () => {
    expect((await scenes()).statusCode).toBe(404);
    const broken = SPRING.replace('"limit"', '"limt"').replace('"Asia/Shanghai"', '"Asia/Shangai"');
    const r = await admin(app, store, 'PUT', '/v1/admin/scenes', broken);
    expect(r.statusCode).toBe(422);
    const issues = r.json().issues as { path: string; message: string; messageZh: string; line: number; column: number }[];
    expect(issues.length).toBeGreaterThanOrEqual(2);
    expect(issues.some((i) => /did you mean "limit"/.test(i.message))).toBe(true);
    expect(issues.some((i) => /time ?zone/i.test(i.message) && i.path.endsWith('timeZone'))).toBe(true);
    const limt = issues.find((i) => i.message.includes('limt'))!;
    expect(broken.split('\n')[limt.line - 1]).toContain('limt');
    expect(issues.every((i) => i.messageZh)).toBe(true);
    expect((await admin(app, store, 'PUT', '/v1/admin/scenes', '{ "themes": ')).json().issues[0]).toMatchObject({ path: '(root)', message: expect.stringMatching(/not valid JSON/) });
    expect((await scenes()).statusCode).toBe(404);
  });

  it('scenes: each valid config is a version, served as written with an ETag (304 when unchanged); a rollback restores an earlier one as a new version', async () => {
    const first = await admin(app, store, 'PUT', '/v1/admin/scenes?note=spring', SPRING);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ version: 1 });
    const served = await scenes();
    expect(served.body).toBe(SPRING);
    expect(served.headers['content-type']).toMatch(/application\/json/);
    const etag = served.headers.etag as string;
    expect((await scenes({ 'if-none-match': etag })).statusCode).toBe(304);
    expect((await admin(app, store, 'PUT', '/v1/admin/scenes', VALENTINES)).json()).toMatchObject({ version: 2 });
    expect((await scenes()).body).toBe(VALENTINES);
    expect((await scenes({ 'if-none-match': etag })).statusCode).toBe(200);
    const versions = (await admin(app, store, 'GET', '/v1/admin/scenes/versions')).json().versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[1].note).toBe('spring');
    expect((await admin(app, store, 'GET', '/v1/admin/scenes/versions/1')).body).toBe(SPRING);
    const back = await admin(app, store, 'POST', '/v1/admin/scenes/rollback', { version: 1 });
    expect(back.json()).toEqual({ version: 3, restored: 1 });
    expect((await scenes()).body).toBe(SPRING);
    expect((await admin(app, store, 'POST', '/v1/admin/scenes/rollback', { version: 9 })).statusCode).toBe(404);
    expect((await admin(app, store, 'GET', '/v1/admin/scenes/versions')).json().versions.map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([
      [3, 'rollback to version 1'],
      [2, null],
      [1, 'spring'],
    ]);
  });

  it('catalog: a whole upload with bad products is refused, naming each (nothing changes); with ?partial=true the good ones are kept', async () => {
    const good = [product('a'), product('b'), product('c')];
    const bad = [...good, product('d', { price: -1 }), product('e', { url: 'javascript:alert(1)' }), product('a')];
    const refused = await admin(app, store, 'PUT', '/v1/admin/catalog', bad);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().issues).toEqual([
      { path: '[3]', message: 'price: must not be negative' },
      { path: '[4]', message: 'url: must be an http(s) URL or a path on this site' },
      { path: '[5].id', message: '"a" is in the catalog twice' },
    ]);
    expect((await app.inject({ url: `/v1/catalog.json?key=${store.writeKey}` })).json()).toEqual([]);
    const partial = await admin(app, store, 'PUT', '/v1/admin/catalog?partial=true', bad);
    expect(partial.json()).toMatchObject({ products: 3, skipped: [{ path: '[3]' }, { path: '[4]' }, { path: '[5].id' }] });
    expect((await app.inject({ url: `/v1/catalog.json?key=${store.writeKey}` })).json().map((p: { id: string }) => p.id)).toEqual(['a', 'b', 'c']);
    expect((await admin(app, store, 'PUT', '/v1/admin/catalog', 'not json')).json().error).toMatch(/not JSON/);
  });

  it('catalog: product by product — add (last in order), change, remove; the id in the URL must be the product’s', async () => {
    expect((await admin(app, store, 'PUT', '/v1/admin/catalog/products/z', product('z', { title: 'Zebra mug' }))).statusCode).toBe(201);
    expect((await admin(app, store, 'PUT', '/v1/admin/catalog/products/a', product('a', { title: 'A new title', price: 12 }))).statusCode).toBe(200);
    expect((await admin(app, store, 'PUT', '/v1/admin/catalog/products/x', product('y'))).statusCode).toBe(400);
    const bad = await admin(app, store, 'PUT', '/v1/admin/catalog/products/q', product('q', { currency: 'dollars' }));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().issues).toEqual([{ path: '(root)', message: expect.stringMatching(/currency/) }]);
    expect((await admin(app, store, 'DELETE', '/v1/admin/catalog/products/b')).statusCode).toBe(204);
    expect((await admin(app, store, 'DELETE', '/v1/admin/catalog/products/b')).statusCode).toBe(404);
    const catalog = (await app.inject({ url: `/v1/catalog.json?key=${store.writeKey}` })).json() as { id: string; title: string; price: number }[];
    expect(catalog.map((p) => p.id)).toEqual(['a', 'c', 'z']);
    expect(catalog[0]).toMatchObject({ title: 'A new title', price: 12 });
    expect((await admin(app, store, 'GET', '/v1/admin/catalog')).json()).toMatchObject({ products: 3 });
  });

  it('exports the stored events as JSON lines, oldest first, from a time on', async () => {
    const { postEvents, shopEvent } = await import('./test-support/harness.ts');
    const now = Date.now();
    const events = Array.from({ length: 7 }, (_, i) => shopEvent({ time: now - (7 - i) * 1000, session_id: 'export' }));
    await postEvents(app, store.writeKey, events, { sent_at: now });
    const all = await admin(app, store, 'GET', '/v1/admin/events.jsonl');
    expect(all.headers['content-type']).toMatch(/ndjson/);
    const lines = all.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((e) => e.event_id)).toEqual(events.map((e) => e.event_id));
    expect(lines[0]).toMatchObject({ name: 'view_item', session_id: 'export', items: [{ item_id: 'sku-1' }] });
    const later = await admin(app, store, 'GET', `/v1/admin/events.jsonl?since=${now - 2500}`);
    expect(later.body.trim().split('\n')).toHaveLength(2);
  });

  it('store settings: the allowed origins, checked; the refresh runs listed', async () => {
    const set = await admin(app, store, 'PATCH', '/v1/admin/store', { origins: ['https://new.example', 'http://localhost:*'] });
    expect(set.json()).toEqual({ origins: ['https://new.example', 'http://localhost:*'] });
    const bad = await admin(app, store, 'PATCH', '/v1/admin/store', { origins: ['*', 'https://*.example'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/origin "\*"/);
    expect((await admin(app, store, 'GET', '/v1/admin/store')).json().origins).toEqual(['https://new.example', 'http://localhost:*']);
    await admin(app, store, 'POST', '/v1/admin/refresh');
    expect((await admin(app, store, 'GET', '/v1/admin/refresh')).json().runs[0]).toMatchObject({ status: 'done' });
  });
});
