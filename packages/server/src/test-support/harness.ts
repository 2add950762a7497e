import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { createContext, type Limits, type ServerContext } from '../context.ts';
import type { Db } from '../db/database.ts';
import type { RefreshOptions } from '../learn/refresh.ts';
import { createStore, type NewStore } from '../stores.ts';
import { uniqueStore } from './databases.ts';

/** The app on `db`, called through `inject` (no socket), with stores of its own. */
export async function testApp(db: Db, options: { limits?: Partial<Limits>; now?: () => number; refresh?: Omit<RefreshOptions, 'now'> } = {}): Promise<{ app: FastifyInstance; ctx: ServerContext; store(origins?: string[]): Promise<NewStore> }> {
  // Changes are seen at once (no 2 s wait for another server's changes: there is none).
  const ctx = createContext(db, { versionCheckMs: 0, ...options });
  ctx.ready = true;
  const app = await buildApp(ctx);
  const store = async (origins = ['https://shop.example']) => {
    const made = await createStore(db, { id: uniqueStore(), origins });
    ctx.stores.invalidate(); // (made beside the app, not through it)
    return made;
  };
  return { app, ctx, store };
}

let serial = 0;
/** An event as the SDK sends it. */
export function shopEvent(fields: Record<string, unknown> = {}): Record<string, unknown> {
  serial++;
  return {
    name: 'view_item',
    event_id: `${randomBytes(6).toString('hex')}-${serial}`,
    time: 1_800_000_000_000 + serial,
    anonymous_id: 'shopper-1',
    session_id: 'session-1',
    items: [{ item_id: 'sku-1' }],
    ...fields,
  };
}

/** A product of a test catalog. */
export function product(id: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, title: `Product ${id}`, url: `/p/${id}`, price: 10, currency: 'USD', categories: ['Home', 'Kitchen'], image: { url: `/img/${id}.jpg`, width: 400, height: 400 }, popularity: 1, ...fields };
}

/** POST /v1/events with `events` (as text/plain JSON, as the SDK sends them). */
export function postEvents(app: FastifyInstance, key: string | undefined, events: unknown[], extra: { sent_at?: number; headers?: Record<string, string> } = {}) {
  return app.inject({
    method: 'POST',
    url: key === undefined ? '/v1/events' : `/v1/events?key=${encodeURIComponent(key)}`,
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...extra.headers },
    payload: JSON.stringify({ events, sent_at: extra.sent_at ?? Date.now() }),
  });
}

/** An admin request with the store's token. */
export function admin(app: FastifyInstance, store: NewStore, method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
  return app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${store.adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}
