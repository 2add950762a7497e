import { describe, expect, it } from 'vitest';
import type { EventName, ShopEvent } from '../events/event-schema.ts';
import { batchBytes, batchGoesNow, chunkByBytes, classifyStatus, evict, retryDelayMs, sortClaimed } from './delivery-policy.ts';

const event = (name: EventName, time: number, pad = 0): ShopEvent => ({
  name,
  event_id: `${name}-${time}`,
  time,
  anonymous_id: 'a',
  session_id: 's',
  ...(pad ? { reason: 'x'.repeat(pad) } : {}),
});

describe('classifyStatus (R8)', () => {
  it.each([
    [200, 'done'], [204, 'done'],
    [0, 'retry'], [408, 'retry'], [425, 'retry'], [429, 'retry'], [500, 'retry'], [503, 'retry'], [511, 'retry'],
    [413, 'split'],
    [400, 'drop'], [401, 'drop'], [403, 'drop'], [404, 'drop'], [422, 'drop'],
  ])('%i → %s', (status, verdict) => {
    expect(classifyStatus(status)).toBe(verdict);
  });
});

describe('retryDelayMs (R6, R7)', () => {
  const mid = () => 0.5;
  it('doubles from 500 ms up to a minute', () => {
    expect([0, 1, 2, 3, 10, 20].map((a) => retryDelayMs(a, undefined, { random: mid }))).toEqual([500, 1000, 2000, 4000, 60_000, 60_000]);
  });
  it('jitters by ±10 %', () => {
    expect(retryDelayMs(3, undefined, { random: () => 0 })).toBe(3600);
    expect(retryDelayMs(3, undefined, { random: () => 1 })).toBe(4400);
  });
  it('never retries before Retry-After, capped at 5 minutes', () => {
    expect(retryDelayMs(0, 30_000, { random: mid })).toBe(30_000);
    expect(retryDelayMs(0, 3_600_000, { random: mid })).toBe(300_000);
  });
  it('stays within about 26 attempts in 15 minutes of 503s', () => {
    let t = 0;
    let attempts = 0;
    while (t < 15 * 60_000) t += retryDelayMs(attempts++, undefined, { random: () => 0 });
    expect(attempts).toBeLessThanOrEqual(26);
  });
});

describe('batchGoesNow', () => {
  const limits = { count: 20, bytes: 64 * 1024 };
  it('sends a full batch at once, by count or by bytes', () => {
    expect(batchGoesNow(20, 100, false, limits)).toBe(true);
    expect(batchGoesNow(3, 64 * 1024, false, limits)).toBe(true);
  });
  it('holds a part batch until it is due, then sends it', () => {
    expect(batchGoesNow(19, 64 * 1024 - 1, false, limits)).toBe(false);
    expect(batchGoesNow(1, 10, true, limits)).toBe(true);
  });
  it('when due, looks even if its count says nothing waits (another tab may have written)', () => {
    expect(batchGoesNow(0, 0, true, limits)).toBe(true);
    expect(batchGoesNow(0, 0, false, limits)).toBe(false);
  });
});

describe('chunkByBytes (R10)', () => {
  it('keeps every chunk’s body within 64 KB and loses nothing', () => {
    const events = Array.from({ length: 300 }, (_, i) => event('view_item', i, 400)); // about 150 KB
    const chunks = chunkByBytes(events);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const chunk of chunks) expect(batchBytes(chunk)).toBeLessThanOrEqual(64 * 1024);
    expect(chunks.flat()).toEqual(events);
  });
  it('gives an oversized event a chunk of its own', () => {
    const chunks = chunkByBytes([event('page_view', 1), event('page_view', 2, 70_000), event('page_view', 3)]);
    expect(chunks.map((c) => c.map((e) => e.time))).toEqual([[1], [2], [3]]);
  });
});

describe('evict (R13)', () => {
  const entry = (e: ShopEvent) => ({ event: e, bytes: 100 });
  it('drops impressions first, oldest first, and never carts or orders', () => {
    const queue = [
      entry(event('purchase', 1)),
      entry(event('view_item_list', 2)),
      entry(event('page_view', 3)),
      entry(event('view_item_list', 4)),
      entry(event('add_to_cart', 5)),
      entry(event('view_promotion', 6)),
    ];
    const { kept, dropped } = evict(queue, 3, Infinity);
    expect(dropped.map((d) => d.event.time)).toEqual([2, 4, 6]);
    expect(kept.map((k) => k.event.name)).toEqual(['purchase', 'page_view', 'add_to_cart']);
    const hard = evict(queue, 1, Infinity);
    expect(hard.kept.map((k) => k.event.name)).toEqual(['purchase', 'add_to_cart']); // over the cap rather than lose an order
  });
  it('sheds by bytes too', () => {
    const queue = Array.from({ length: 10 }, (_, i) => entry(event('view_item_list', i)));
    expect(evict(queue, 100, 550).kept).toHaveLength(5);
  });
});

describe('sortClaimed', () => {
  const records = ['a', 'b', 'c', 'd'].map((key) => ({ key }));
  it('what a beacon took is done, what a beacon here is taking goes back, the rest is sent', () => {
    expect(sortClaimed(records, new Set(['b']), (key) => key === 'c', false)).toEqual({ gone: ['b'], send: [{ key: 'a' }, { key: 'd' }], release: ['c'] });
  });
  it('a page that is going sends nothing: all but what beacons took goes back', () => {
    expect(sortClaimed(records, new Set(['d']), () => false, true)).toEqual({ gone: ['d'], send: [], release: ['a', 'b', 'c'] });
  });
});
