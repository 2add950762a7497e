import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, ShopEvent } from '../events/event-schema.ts';
import { DeliveryError } from '../adapters/rest-adapter.ts';
import { createOutbox, type DeliveryFailure, type Outbox, type OutboxOptions } from './create-outbox.ts';
import { openQueueStore } from './queue-store.ts';

let serial = 0;
const event = (name: EventName = 'view_item', pad = 0): ShopEvent => ({
  name,
  event_id: `e${++serial}`,
  time: 1_700_000_000_000 + serial,
  anonymous_id: 'a',
  session_id: 's',
  ...(pad ? { reason: 'x'.repeat(pad) } : {}),
});

/** A backend in memory: records every request; `fail` scripts answers (a status, with Retry-After ms). */
function backend() {
  const requests: { ids: string[]; beacon: boolean; at: number }[] = [];
  const fail: ({ status: number; retryAfterMs?: number } | ((batch: ShopEvent[]) => number | undefined))[] = [];
  const seen = new Set<string>();
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    requests,
    fail,
    seen,
    get maxInFlight() {
      return maxInFlight;
    },
    async send(batch: ShopEvent[], { beacon }: { beacon: boolean }) {
      requests.push({ ids: batch.map((e) => e.event_id), beacon, at: Date.now() });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise((r) => setTimeout(r, 2));
        const next = fail.shift();
        const status = typeof next === 'function' ? next(batch) : next?.status;
        if (status !== undefined) throw new DeliveryError(status, `HTTP ${status}`, typeof next === 'object' ? next.retryAfterMs : undefined);
        for (const e of batch) seen.add(e.event_id);
      } finally {
        inFlight--;
      }
    },
  };
}

// A deadline only a failing test reaches: generous, for a busy 2-core machine (the design's delays here are ms).
const until = async (check: () => boolean | Promise<boolean>, ms = 15_000) => {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dbSerial = 0;
const open: Outbox[] = [];
function outbox(server: ReturnType<typeof backend>, options: Partial<OutboxOptions> = {}) {
  const o = createOutbox({ send: server.send, dbName: `t${dbSerial}`, flushIntervalMs: 20, backoff: { baseMs: 10, maxMs: 200, jitter: 0 }, ...options });
  open.push(o);
  return o;
}
afterEach(() => {
  for (const o of open.splice(0)) o.close();
  dbSerial++;
  Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
});

describe('createOutbox', () => {
  it('writes each event to IndexedDB before add() resolves', async () => {
    // Offline, so that nothing is sent meanwhile (a sender's first look takes what is there, however
    // new): what is in IndexedDB is what add() wrote.
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    const server = backend();
    const o = outbox(server, { flushIntervalMs: 60_000 });
    await o.add(event());
    await o.add(event());
    const other = await openQueueStore({ dbName: `t${dbSerial}` });
    expect(await other.store!.size()).toBe(2);
    expect(server.requests).toHaveLength(0);
    expect(o.status()).toMatchObject({ storage: 'indexeddb', queued: 2, delivered: 0 });
  });

  it('says it is starting until it has counted what earlier pages left: never "idle, nothing queued" before it knows', async () => {
    const earlier = await openQueueStore({ dbName: `t${dbSerial}` });
    const left = [event(), event(), event()];
    await earlier.store!.add(
      left.map((e, i) => ({ key: `0.earlier.${i}`, event: e, bytes: 100 })),
      { maxCount: 1000, maxBytes: 1_000_000 },
    );
    const server = backend();
    const o = outbox(server, { flushIntervalMs: 60_000 });
    expect(o.status()).toMatchObject({ state: 'starting', queued: 0 });
    // An event tracked meanwhile is waiting from the moment it is added, written or not.
    const own = event();
    const added = o.add(own);
    expect(o.status()).toMatchObject({ state: 'starting', queued: 1 });
    await until(() => o.status().state !== 'starting');
    expect(o.status().queued + o.status().delivered).toBe(4);
    await added;
    await o.flush();
    // Idle once empty, not "waiting" out a 60 s batch interval with nothing to send.
    await until(() => o.status().delivered === 4 && o.status().queued === 0 && o.status().state === 'idle');
    expect([...server.seen]).toEqual([...left, own].map((e) => e.event_id));
  });

  it('batches by count and by time, in order, one request in flight', async () => {
    const server = backend();
    const o = outbox(server, { batchSize: 100 });
    const events = Array.from({ length: 250 }, () => event());
    await Promise.all(events.map((e) => o.add(e)));
    await until(() => server.seen.size === 250);
    expect(server.requests.map((r) => r.ids.length)).toEqual([100, 100, 50]);
    expect(server.requests.flatMap((r) => r.ids)).toEqual(events.map((e) => e.event_id));
    expect(server.maxInFlight).toBe(1);
    await until(() => o.status().state === 'idle');

    const few = [event(), event()];
    const before = Date.now();
    await Promise.all(few.map((e) => o.add(e)));
    // Waits on the outbox's own state (the side asserted on), not on the backend having seen the batch:
    // the outbox takes in the answer a moment after the backend sent it.
    await until(() => o.status().delivered === 252 && o.status().state === 'idle');
    expect(server.seen.size).toBe(252);
    expect(server.requests.at(-1)!.at - before).toBeGreaterThanOrEqual(15); // waited for the interval
    expect(o.status()).toMatchObject({ queued: 0, delivered: 252, dropped: 0, state: 'idle' });
  });

  it('retries 5xx, 408, 429 and network errors with the same event ids, honouring Retry-After', async () => {
    const server = backend();
    server.fail.push({ status: 503 }, { status: 0 }, { status: 408 }, { status: 429, retryAfterMs: 300 });
    const o = outbox(server);
    const e = event('purchase');
    await o.add(e);
    await until(() => server.seen.size === 1);
    expect(server.requests.map((r) => r.ids)).toEqual(Array(5).fill([e.event_id]));
    const gaps = server.requests.slice(1).map((r, i) => r.at - server.requests[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(10); // 10 ms, 20 ms, 40 ms: doubling
    expect(gaps[1]).toBeGreaterThanOrEqual(20);
    expect(gaps[2]).toBeGreaterThanOrEqual(40);
    expect(gaps[3]).toBeGreaterThanOrEqual(295); // not before Retry-After
    expect(o.status().dropped).toBe(0);
  });

  it('splits a batch the backend finds too large (413), and drops other 4xx through the failure hook', async () => {
    const server = backend();
    server.fail.push((batch) => (batch.length > 10 ? 413 : undefined));
    server.fail.push((batch) => (batch.length > 10 ? 413 : undefined));
    server.fail.push((batch) => (batch.length > 10 ? 413 : undefined));
    const failures: DeliveryFailure[] = [];
    const o = outbox(server, { onFailure: (f) => failures.push(f), flushIntervalMs: 50 });
    const events = Array.from({ length: 40 }, () => event());
    await Promise.all(events.map((e) => o.add(e)));
    await until(() => server.seen.size === 40);
    expect(server.requests.map((r) => r.ids.length)).toEqual([40, 20, 10, 10, 10, 10]);

    server.fail.push({ status: 400 });
    const bad = event('add_to_cart');
    await o.add(bad);
    await until(() => failures.length === 1 && o.status().queued === 0);
    expect(failures[0]).toMatchObject({ reason: 'rejected', status: 400, events: [bad] });
    expect(o.status()).toMatchObject({ dropped: 1, queued: 0 });

    server.fail.push({ status: 413 });
    const huge = event('view_item', 5000);
    await o.add(huge);
    await until(() => failures.length === 2);
    expect(failures[1]).toMatchObject({ reason: 'too-large', status: 413, events: [huge] });
  });

  it('sends nothing offline and resumes on `online` without using up an attempt', async () => {
    const server = backend();
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    const o = outbox(server);
    await Promise.all(Array.from({ length: 30 }, () => o.add(event())));
    await until(() => o.status().state === 'offline');
    await sleep(100); // (and it stays so: nothing is sent meanwhile)
    expect(server.requests).toHaveLength(0);
    expect(o.status()).toMatchObject({ state: 'offline', queued: 30 });
    Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
    server.fail.push({ status: 503 });
    window.dispatchEvent(new Event('online'));
    await until(() => o.status().delivered === 30);
    expect(server.seen.size).toBe(30);
    // The first failure after coming back waits the first backoff step (baseMs, no jitter), not a
    // later one: read from the outbox's own record, not the wall clock.
    const failed = o.status().attempts.filter((a) => a.status === 503);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.retryAt! - failed[0]!.answeredAt).toBe(10);
  });

  it('sheds impressions first when the queue is full, never carts or purchases, and reports the count', async () => {
    const server = backend();
    Object.defineProperty(navigator, 'onLine', { value: false, configurable: true });
    const failures: DeliveryFailure[] = [];
    const o = outbox(server, { limits: { maxCount: 100 }, onFailure: (f) => failures.push(f) });
    const keep: string[] = [];
    for (let i = 0; i < 300; i++) await o.add(event('view_item_list'));
    for (let i = 0; i < 20; i++) keep.push((await addReturning(o, event('add_to_cart'))).event_id);
    for (let i = 0; i < 5; i++) keep.push((await addReturning(o, event('purchase'))).event_id);
    expect(o.status().queued).toBeLessThanOrEqual(100);
    const dropped = failures.flatMap((f) => f.events);
    expect(dropped.length).toBe(o.status().dropped);
    expect(new Set(dropped.map((e) => e.name))).toEqual(new Set(['view_item_list']));
    Object.defineProperty(navigator, 'onLine', { value: true, configurable: true });
    window.dispatchEvent(new Event('online'));
    await until(() => o.status().queued === 0);
    for (const id of keep) expect(server.seen.has(id)).toBe(true);
    expect(server.seen.size + dropped.length).toBe(325);
  });

  it('stores and sends nothing while consent is pending; on grant the buffer goes, on deny it is erased', async () => {
    const server = backend();
    const o = outbox(server, { consent: 'pending' });
    await o.add(event());
    await sleep(60);
    expect(server.requests).toHaveLength(0);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(`t${dbSerial}-outbox`);
    await o.setConsent('granted');
    await until(() => server.seen.size === 1);

    await o.setConsent('pending');
    await o.add(event());
    await o.setConsent('denied');
    await o.add(event());
    await sleep(60);
    expect(server.seen.size).toBe(1);
    expect(o.status().queued).toBe(0);
  });

  it('while consent is pending, holds at most consentBuffer events in memory, the latest; on grant those go', async () => {
    const server = backend();
    const o = outbox(server, { consent: 'pending', consentBuffer: 3 });
    const events = Array.from({ length: 5 }, () => event());
    for (const e of events) await o.add(e);
    expect(o.status()).toMatchObject({ state: 'consent-pending', queued: 3 });
    await o.setConsent('granted');
    await o.flush();
    await until(() => o.status().delivered === 3 && o.status().queued === 0);
    expect([...server.seen]).toEqual(events.slice(2).map((e) => e.event_id));
  });

  it('lets two tabs share one queue without sending an event twice', async () => {
    const server = backend();
    const a = outbox(server);
    const b = outbox(server);
    const events = Array.from({ length: 120 }, () => event());
    await Promise.all(events.map((e, i) => (i % 2 ? a : b).add(e)));
    await until(() => server.seen.size === 120);
    // The sender finds the shared queue empty and is idle: nothing more is on its way.
    await until(() => [a, b].some((o) => o.status().sender && o.status().state === 'idle' && o.status().queued === 0));
    expect(server.requests.flatMap((r) => r.ids)).toHaveLength(120);
    expect([a.status().sender, b.status().sender].filter(Boolean)).toHaveLength(1);
  });

  it('takes back a batch whose sender died once its lease lapses', async () => {
    const server = backend();
    server.fail.push(() => {
      dead.close(); // the page goes away with the request in flight
      return 0;
    });
    const dead = outbox(server, { leaseMs: 200 });
    const e = event('purchase');
    await dead.add(e);
    await until(() => server.requests.length === 1);
    const next = outbox(server, { leaseMs: 200 });
    await until(() => server.seen.has(e.event_id), 3000);
    await until(() => next.status().delivered === 1);
    expect(server.requests.map((r) => r.ids)).toEqual([[e.event_id], [e.event_id]]);
  });

  it('beacons what is not in flight when the page hides, in chunks of at most 64 KB; refused chunks stay queued', async () => {
    const server = backend();
    let accepted = 0;
    const beacons: number[] = [];
    const o = outbox(server, {
      flushIntervalMs: 60_000,
      leaseMs: 300,
      send: (batch, options) => {
        if (!options.beacon) return server.send(batch, options);
        const bytes = new TextEncoder().encode(JSON.stringify({ events: batch, sent_at: Date.now() })).length;
        beacons.push(bytes);
        // Like Chromium: at most 64 KB of beacons in flight; the rest are refused.
        if (accepted + bytes > 64 * 1024) return Promise.reject(new DeliveryError(0, 'refused'));
        accepted += bytes;
        return server.send(batch, options);
      },
    });
    const events = Array.from({ length: 150 }, () => event('view_item', 900));
    await Promise.all(events.map((e) => o.add(e)));
    window.dispatchEvent(new Event('pagehide'));
    await until(() => beacons.length >= 3 && server.seen.size > 0);
    expect(Math.max(...beacons)).toBeLessThanOrEqual(64 * 1024);
    const beaconed = server.seen.size;
    expect(beaconed).toBeGreaterThan(0);
    expect(beaconed).toBeLessThan(150);
    o.close();
    await sleep(20);
    // The next page delivers the rest, and nothing twice.
    const next = outbox(server, { leaseMs: 300 });
    await until(() => server.seen.size === 150);
    await until(() => next.status().queued === 0);
    expect(server.requests.flatMap((r) => r.ids)).toHaveLength(150);
  });

  it('with a backend that keeps each event once, what a beacon took stays queued and the next page sends it again: a beacon lost in an outage is not lost', async () => {
    const server = backend();
    const lost: string[] = [];
    /** The shopscene server's receipt; beacons vanish (the server is down as the tab closes). */
    const send = async (batch: ShopEvent[], options: { beacon: boolean }) => {
      if (options.beacon) return void lost.push(...batch.map((e) => e.event_id)); // the browser took it: it never arrived
      await server.send(batch, options);
      return { dedupes: true };
    };
    const first = outbox(server, { send });
    const early = event('page_view');
    await first.add(early);
    await until(() => first.status().delivered === 1); // the receipt says the backend dedupes
    expect(localStorage.getItem(`t${dbSerial}.outbox.dedupes`)).toBe('1');
    const last = [event('add_to_cart'), event('begin_checkout')];
    await Promise.all(last.map((e) => first.add(e)));
    // The tab closes during the outage: its last events leave by beacon, and the browser takes them.
    window.dispatchEvent(new Event('pagehide'));
    await until(() => lost.length === 2);
    first.close();
    expect(localStorage.getItem(`t${dbSerial}.outbox.beaconed`)).toBeNull(); // no tombstone
    // The next page (the backend is back) sends them again, and they arrive; each is stored once at the backend.
    const next = outbox(server, { send });
    await until(() => next.status().delivered === 2 && next.status().queued === 0);
    expect(last.every((e) => server.seen.has(e.event_id))).toBe(true);
    expect(server.seen.size).toBe(3);
  });

  it('a backend that does not say it dedupes keeps the tombstones: what a beacon took is never sent again', async () => {
    const server = backend();
    const beaconed: string[] = [];
    const send = async (batch: ShopEvent[], options: { beacon: boolean }) => {
      if (options.beacon) beaconed.push(...batch.map((e) => e.event_id));
      await server.send(batch, options);
      return { dedupes: false };
    };
    const first = outbox(server, { send, flushIntervalMs: 60_000 });
    const events = [event('add_to_cart'), event('purchase')];
    await Promise.all(events.map((e) => first.add(e)));
    window.dispatchEvent(new Event('pagehide'));
    await until(() => server.seen.size === 2);
    first.close();
    const next = outbox(server, { send });
    await until(() => next.status().queued === 0 && next.status().state === 'idle');
    expect(server.requests.flatMap((r) => r.ids)).toHaveLength(2); // the beacon only
    expect(beaconed).toEqual(events.map((e) => e.event_id));
  });

  it('a tab that is not the sender beacons only what is not in the shared queue yet (the sender may be claiming the rest)', async () => {
    const server = backend();
    const sender = outbox(server, { flushIntervalMs: 60_000, leaseMs: 300 });
    await until(() => sender.status().sender);
    const other = outbox(server, { flushIntervalMs: 60_000, leaseMs: 300 });
    const events = Array.from({ length: 5 }, () => event('add_to_cart'));
    await Promise.all(events.map((e) => other.add(e)));
    window.dispatchEvent(new Event('pagehide')); // both pages go; only the sender's own events could be beaconed
    await sleep(50);
    expect(server.requests.filter((r) => r.beacon).flatMap((r) => r.ids)).toEqual([]);
    sender.close();
    other.close();
    const next = outbox(server, { leaseMs: 300 });
    await until(() => events.every((e) => server.seen.has(e.event_id)));
    expect(server.requests.flatMap((r) => r.ids)).toHaveLength(5);
    expect(next.status().storage).toBe('indexeddb');
  });

  it('falls back to memory without IndexedDB and still delivers', async () => {
    const server = backend();
    const o = outbox(server, { storage: 'memory' });
    await Promise.all(Array.from({ length: 3 }, () => o.add(event())));
    expect(o.status().storage).toBe('memory');
    await until(() => server.seen.size === 3);
  });
});

async function addReturning(o: Outbox, e: ShopEvent) {
  await o.add(e);
  return e;
}

