// Security (#18): write keys and admin tokens, stores kept apart, CORS for a store's own origins only,
// rate limits with Retry-After, bodies bounded before they are read whole — on PGlite and PostgreSQL.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from './db/database.ts';
import { DATABASES, testDatabase } from './test-support/databases.ts';
import { admin, postEvents, product, shopEvent, testApp } from './test-support/harness.ts';
import type { NewStore } from './stores.ts';

describe.each(DATABASES)('security on %s', (kind) => {
  let db: Db;
  let app: FastifyInstance;
  let shop: NewStore;
  let other: NewStore;
  beforeAll(async () => {
    db = await testDatabase(kind);
    const t = await testApp(db, { limits: { perAddress: 10_000, perKey: 10_000 } });
    app = t.app;
    shop = await t.store(['https://shop.example', 'http://localhost:*']);
    other = await t.store(['https://other.example']);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('a missing write key is 401, an unknown one 403; a missing admin token 401, a wrong one 403', async () => {
    for (const url of ['/v1/scenes', '/v1/catalog.json']) {
      expect((await app.inject({ url })).statusCode).toBe(401);
      expect((await app.inject({ url: `${url}?key=pk_nothing000000000000000` })).statusCode).toBe(403);
    }
    expect((await postEvents(app, undefined, [shopEvent()])).statusCode).toBe(401);
    expect((await postEvents(app, 'pk_nothing000000000000000', [shopEvent()])).statusCode).toBe(403);
    const noToken = await app.inject({ url: '/v1/admin/store' });
    expect(noToken.statusCode).toBe(401);
    expect(noToken.headers['www-authenticate']).toBe('Bearer');
    expect((await app.inject({ url: '/v1/admin/store', headers: { authorization: 'Bearer sk_wrongwrongwrongwrongwrongwrong' } })).statusCode).toBe(403);
    // A write key is not an admin token.
    expect((await app.inject({ url: '/v1/admin/store', headers: { authorization: `Bearer ${shop.writeKey}` } })).statusCode).toBe(403);
    expect((await admin(app, shop, 'GET', '/v1/admin/store')).json()).toMatchObject({ id: shop.id, writeKey: shop.writeKey });
  });

  it('one store’s key neither reads nor writes another’s data', async () => {
    await admin(app, shop, 'PUT', '/v1/admin/catalog', [product('mine-1'), product('mine-2')]);
    await admin(app, other, 'PUT', '/v1/admin/catalog', [product('theirs-1')]);
    const scenes = JSON.stringify({ themes: {}, scenes: [] });
    await admin(app, shop, 'PUT', '/v1/admin/scenes', scenes);
    const ids = async (key: string) => (await app.inject({ url: `/v1/catalog.json?key=${key}` })).json().map((p: { id: string }) => p.id);
    expect(await ids(shop.writeKey)).toEqual(['mine-1', 'mine-2']);
    expect(await ids(other.writeKey)).toEqual(['theirs-1']);
    expect((await app.inject({ url: `/v1/scenes?key=${other.writeKey}` })).statusCode).toBe(404); // the other store has none
    const rec = await app.inject({ method: 'POST', url: `/v1/recommendations?key=${other.writeKey}`, payload: { placement: 'guess-you-like', limit: 50 } });
    expect(rec.json().items.map((p: { id: string }) => p.id)).toEqual(['theirs-1']);
    // Admin tokens too: the other store's token changes only the other store.
    await admin(app, other, 'DELETE', '/v1/admin/catalog/products/mine-1').then((r) => expect(r.statusCode).toBe(404));
    expect(await ids(shop.writeKey)).toEqual(['mine-1', 'mine-2']);
    const event = shopEvent({ session_id: 'isolated' });
    await postEvents(app, other.writeKey, [event]);
    const rows = (await db.query<{ store_id: string }>("SELECT store_id FROM events WHERE body->>'session_id' = 'isolated'")).rows;
    expect(rows).toEqual([{ store_id: other.id }]);
  });

  it('grants CORS to the store’s own origins only (never *), preflights included; Retry-After is exposed', async () => {
    const from = async (origin: string, key = shop.writeKey) => (await app.inject({ url: `/v1/catalog.json?key=${key}`, headers: { origin } })).headers['access-control-allow-origin'];
    expect(await from('https://shop.example')).toBe('https://shop.example');
    expect(await from('http://localhost:5173')).toBe('http://localhost:5173');
    expect(await from('https://evil.example')).toBeUndefined();
    expect(await from('https://shop.example.evil.example')).toBeUndefined();
    expect(await from('http://localhost.evil.example:80')).toBeUndefined();
    expect(await from('https://other.example')).toBeUndefined(); // another store's origin, with this store's key
    expect(await from('https://shop.example', other.writeKey)).toBeUndefined();
    const preflight = await app.inject({ method: 'OPTIONS', url: `/v1/recommendations?key=${shop.writeKey}`, headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example');
    const refused = await app.inject({ method: 'OPTIONS', url: `/v1/recommendations?key=${shop.writeKey}`, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    const events = await postEvents(app, shop.writeKey, [shopEvent()], { headers: { origin: 'https://shop.example' } });
    expect(String(events.headers['access-control-expose-headers'])).toMatch(/retry-after/);
    // Admin routes are never granted to a page.
    expect((await app.inject({ url: '/v1/admin/store', headers: { origin: 'https://shop.example', authorization: `Bearer ${shop.adminToken}` } })).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('over the limit per address: 429 with Retry-After, which the SDK honours', async () => {
    const fresh = await testApp(db, { limits: { perAddress: 5, perKey: 1000 } });
    const store = await fresh.store();
    const codes: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 8; i++) {
      const r = await fresh.app.inject({ url: `/v1/catalog.json?key=${store.writeKey}`, remoteAddress: '203.0.113.9' });
      codes.push(r.statusCode);
      if (r.statusCode === 429) retryAfter = r.headers['retry-after'] as string;
    }
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(codes.slice(5)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // Another address is not held back by the first one's count.
    expect((await fresh.app.inject({ url: `/v1/catalog.json?key=${store.writeKey}`, remoteAddress: '203.0.113.10' })).statusCode).toBe(200);
    await fresh.app.close();
  });

  it('over the limit per key: 429 for that store, from any address', async () => {
    const fresh = await testApp(db, { limits: { perAddress: 1000, perKey: 3 } });
    const store = await fresh.store();
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await fresh.app.inject({ url: `/v1/catalog.json?key=${store.writeKey}`, remoteAddress: `198.51.100.${i}` })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const another = await fresh.store();
    expect((await fresh.app.inject({ url: `/v1/catalog.json?key=${another.writeKey}` })).statusCode).toBe(200);
    await fresh.app.close();
  });

  it('injection strings in every field of every route are data: stored as sent, or refused with a clear 400', async () => {
    const payloads = ["'; DROP TABLE events; --", '" OR 1=1 --', '<img src=x onerror=alert(1)>', '${7*7}', '\\u0000', '%00', 'a'.repeat(1000)];
    // Admin: a product whose every text field holds them.
    for (const p of payloads) {
      const id = `inj-${payloads.indexOf(p)}`;
      const put = await admin(app, shop, 'PUT', `/v1/admin/catalog/products/${id}`, product(id, { title: p.slice(0, 300), brand: p, tags: [p], categories: [p.slice(0, 200)], url: `/p/${encodeURIComponent(p)}` }));
      expect([200, 201]).toContain(put.statusCode);
    }
    const catalog = (await app.inject({ url: `/v1/catalog.json?key=${shop.writeKey}` })).json() as { id: string; brand: string }[];
    expect(payloads.every((p) => catalog.some((c) => c.brand === p))).toBe(true);
    // Recommendations: hostile text in the placement, the filter and the profile.
    for (const p of payloads) {
      const r = await app.inject({ method: 'POST', url: `/v1/recommendations?key=${shop.writeKey}`, payload: { placement: `related:${p}`, filter: { categories: [p], tags: [p], brands: [p], ids: [p] }, profile: { interests: { [p]: 1 }, rfmSegment: p, aipl: {}, traits: { [p]: p } } } });
      expect(r.statusCode, p).toBe(200);
    }
    // A key or token made of them is simply unknown.
    for (const p of payloads) {
      expect((await app.inject({ url: `/v1/scenes?key=${encodeURIComponent(p)}` })).statusCode).toBe(403);
      expect((await app.inject({ url: '/v1/admin/store', headers: { authorization: `Bearer ${encodeURIComponent(p)}` } })).statusCode).toBe(403);
    }
    // A NUL byte or a lone surrogate in an admin body: refused, naming where.
    const nul = await admin(app, shop, 'PUT', '/v1/admin/catalog/products/nul', product('nul', { title: 'tea\u0000' }));
    expect(nul.statusCode).toBe(422);
    expect(nul.json().issues[0]).toMatchObject({ path: 'title', message: expect.stringMatching(/NUL/) });
    // The tables and the other store are untouched.
    expect((await app.inject({ url: `/v1/catalog.json?key=${other.writeKey}` })).json().map((p: { id: string }) => p.id)).toEqual(['theirs-1']);
  });

  it('a chunked body over the limit is answered 413 without being read whole', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const limit = app.ctx.limits.bodyBytes;
    const result = await new Promise<{ status: number; sentWhenAnswered: number; error?: string }>((resolve) => {
      let sent = 0;
      let answered: { status: number; sentWhenAnswered: number } | undefined;
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: `/v1/events?key=${shop.writeKey}`, headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } }, (res) => {
        answered = { status: res.statusCode!, sentWhenAnswered: sent };
        res.resume();
        res.on('end', () => resolve(answered!));
      });
      req.on('error', (error) => resolve(answered ?? { status: 0, sentWhenAnswered: sent, error: error.message }));
      const chunk = Buffer.alloc(64 * 1024, 'x');
      // Ten times the limit, a chunk at a time; stop as soon as the server has answered.
      const pump = () => {
        while (!answered && sent < limit * 10) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(result.status).toBe(413);
    expect(result.sentWhenAnswered).toBeLessThan(limit * 10);
  });
});
