import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Outbox, OutboxStatus, ShopEvent } from '@shopscene/core';
import { createDeferredOutbox } from './deferred-outbox.ts';

const event = (n: number, pad = 0): ShopEvent => ({ name: 'page_view', event_id: `e${n}`, time: n, anonymous_id: 'a', session_id: 's', ...(pad ? { reason: 'x'.repeat(pad) } : {}) });
const settled = () => new Promise((r) => setTimeout(r, 0));

/** The outbox part's outbox, in memory: what it stored. */
function realOutbox() {
  const stored: string[] = [];
  const outbox = {
    add: async (e: ShopEvent) => void stored.push(e.event_id),
    setConsent: async () => {},
    flush: async () => {},
    clear: async () => {},
    status: () => ({ state: 'idle', queued: 0 }) as OutboxStatus,
    close: () => {},
  } satisfies Outbox;
  return { stored, outbox };
}
/** navigator.sendBeacon, recorded: each beacon's URL, type and events. */
function beacons(accept = true) {
  const sent: { url: string; type: string; ids: string[] }[] = [];
  vi.stubGlobal('navigator', {
    sendBeacon(url: string, body: Blob) {
      if (!accept) return false;
      sent.push({ url, type: body.type, ids: [] });
      const entry = sent.at(-1)!;
      void body.text().then((text) => entry.ids.push(...(JSON.parse(text) as { events: ShopEvent[] }).events.map((e) => e.event_id)));
      return true;
    },
  });
  return sent;
}
const backend = { baseUrl: 'https://api.example.com/', key: 'pk_1' };
const outboxes: Outbox[] = [];
afterEach(() => {
  dispatchEvent(new Event('pageshow')); // the next test's page is not going
  outboxes.splice(0).forEach((o) => o.close());
  vi.unstubAllGlobals();
});
const deferred = (load: () => Promise<(options: never) => Outbox>, consent?: 'pending' | 'granted' | 'denied') => {
  const o = createDeferredOutbox(backend, load as never, { onFailure: () => {}, ...(consent ? { consent } : {}) });
  outboxes.push(o);
  return o;
};

describe('createDeferredOutbox', () => {
  it('holds events in order until the outbox part arrives, says it is starting, and resolves add() once they are stored', async () => {
    const { stored, outbox } = realOutbox();
    let arrive!: (create: () => Outbox) => void;
    const o = deferred(() => new Promise((r) => (arrive = r as never)));
    let added = false;
    const adds = [1, 2, 3].map((n) => o.add(event(n)));
    void Promise.all(adds).then(() => (added = true));
    expect(o.status()).toMatchObject({ state: 'starting', queued: 3, storage: 'memory' });
    await settled();
    expect(added).toBe(false);
    arrive(() => outbox);
    await Promise.all(adds);
    expect(stored).toEqual(['e1', 'e2', 'e3']);
    expect(o.status().state).toBe('idle'); // the real outbox's, from now on
  });

  it('when the page goes first, sends what waits by the events beacon, in chunks within 64 KB', async () => {
    const sent = beacons();
    const o = deferred(() => new Promise(() => {}));
    const adds = Array.from({ length: 40 }, (_, i) => o.add(event(i, 3000))); // about 120 KB
    dispatchEvent(new Event('pagehide'));
    await Promise.all(adds); // resolved: the browser took them
    expect(sent.length).toBeGreaterThan(1);
    for (const b of sent) expect(b).toMatchObject({ url: 'https://api.example.com/v1/events?key=pk_1', type: 'text/plain;charset=utf-8' });
    // (Each beacon's body is read back asynchronously.)
    await vi.waitFor(() => expect(sent.flatMap((b) => b.ids)).toEqual(Array.from({ length: 40 }, (_, i) => `e${i}`)), { timeout: 10_000 });
    expect(o.status().queued).toBe(0);
  });

  it('sends nothing without consent, drops what waits on a refusal, and keeps what the browser refused', async () => {
    const sent = beacons();
    const pending = deferred(() => new Promise(() => {}), 'pending');
    void pending.add(event(1));
    expect(pending.status().state).toBe('consent-pending');
    dispatchEvent(new Event('pagehide'));
    expect(sent).toEqual([]);
    void pending.setConsent('denied');
    expect(pending.status().queued).toBe(0);

    dispatchEvent(new Event('pageshow'));
    beacons(false);
    const refused = deferred(() => new Promise(() => {}));
    void refused.add(event(2));
    dispatchEvent(new Event('pagehide'));
    expect(refused.status().queued).toBe(1);
    void refused.setConsent('denied'); // (its listeners stay: what it holds must not go with the next test's page)
  });

  it('when the outbox part cannot load, add() still resolves, the status says why, and the page’s going sends the events', async () => {
    const sent = beacons();
    const o = deferred(() => Promise.reject(new Error('parts/outbox.js: 404')));
    await o.add(event(1));
    expect(o.status()).toMatchObject({ lastError: 'parts/outbox.js: 404', queued: 1 });
    dispatchEvent(new Event('pagehide'));
    await vi.waitFor(() => expect(sent.flatMap((b) => b.ids)).toEqual(['e1']), { timeout: 10_000 });
  });
});
