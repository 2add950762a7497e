import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { EventName } from '../events/event-schema.ts';
import { createMemoryQueueStore, openQueueStore, type QueueRecord, type QueueStore } from './queue-store.ts';

let n = 0;
const record = (name: EventName = 'view_item', bytes = 100): QueueRecord => {
  n++;
  return { key: `k${String(n).padStart(6, '0')}`, bytes, event: { name, event_id: `e${n}`, time: n, anonymous_id: 'a', session_id: 's' } };
};
const LIMITS = { maxCount: 1000, maxBytes: 1_000_000 };

let db = 0;
const stores: [string, () => Promise<QueueStore>][] = [
  ['memory', async () => createMemoryQueueStore()],
  ['indexeddb', async () => (await openQueueStore({ dbName: `q${++db}` })).store!],
];

describe.each(stores)('%s queue', (_, make) => {
  it('claims the oldest free records within count and bytes, never one record twice', async () => {
    const store = await make();
    const records = Array.from({ length: 10 }, () => record());
    await store.add(records, LIMITS);
    const a = await store.claim('tab-a', 1000, 5000, 4, 100_000);
    const b = await store.claim('tab-b', 1000, 5000, 100, 400);
    expect(a.records.map((r) => r.key)).toEqual(records.slice(0, 4).map((r) => r.key));
    expect(b.records.map((r) => r.key)).toEqual(records.slice(4, 7).map((r) => r.key)); // 3 × 100 bytes and the envelope fit in 400; a 4th does not
    expect(a.size).toBe(10);
    // A claim lapses after its lease: then another tab may take it.
    const later = await store.claim('tab-c', 7000, 5000, 100, 100_000);
    expect(later.records.map((r) => r.key)).toEqual(records.map((r) => r.key));
  });

  it('releases only its own claims, removes, and discards', async () => {
    const store = await make();
    const records = Array.from({ length: 4 }, () => record());
    await store.add(records, LIMITS);
    const { records: taken } = await store.claim('tab-a', 0, 60_000, 2, 100_000);
    await store.release('tab-b', taken.map((r) => r.key)); // not tab-b's
    expect((await store.claim('tab-b', 1, 60_000, 10, 100_000)).records).toHaveLength(2);
    await store.release('tab-a', taken.map((r) => r.key));
    expect((await store.claim('tab-b', 2, 60_000, 10, 100_000)).records.map((r) => r.key)).toEqual(taken.map((r) => r.key));
    expect(await store.remove([records[0]!.key, 'no-such-key'])).toBe(3);
    await store.discard([records[1]!.key]);
    expect(await store.size()).toBe(2);
    // After a discard the totals are recounted: the cap still holds exactly.
    const { size, dropped } = await store.add([record('view_item_list'), record('purchase')], { maxCount: 3, maxBytes: 1_000_000 });
    expect(size).toBeLessThanOrEqual(3);
    expect(dropped.every((r) => r.event.name !== 'purchase')).toBe(true);
  });

  it('sheds impressions first, to 90 % of the cap, and never carts or orders', async () => {
    const store = await make();
    const impressions = Array.from({ length: 30 }, () => record('view_item_list'));
    const carts = Array.from({ length: 10 }, () => record('add_to_cart'));
    const { dropped, size } = await store.add([...impressions, ...carts], { maxCount: 20, maxBytes: 1_000_000 });
    expect(size).toBe(18);
    expect(dropped.map((r) => r.key)).toEqual(impressions.slice(0, 22).map((r) => r.key));
    // Over the byte cap too: carts stay even past it.
    const more = await store.add(Array.from({ length: 5 }, () => record('add_to_cart', 10_000)), { maxCount: 1000, maxBytes: 5_000 });
    expect(more.dropped.every((r) => r.event.name === 'view_item_list')).toBe(true);
    expect(more.size).toBe(15);
  });

  it('gives the sender lease to one tab at a time until it lapses or is given up', async () => {
    const store = await make();
    expect(await store.lease('a', 0, 1000)).toBe(true);
    expect(await store.lease('b', 500, 1000)).toBe(false);
    expect(await store.lease('a', 900, 1000)).toBe(true); // renewed to 1900
    expect(await store.lease('b', 1500, 1000)).toBe(false);
    expect(await store.lease('b', 2000, 1000)).toBe(true); // lapsed
    expect(await store.lease('b', 2100, 0)).toBe(false); // given up
    expect(await store.lease('a', 2100, 1000)).toBe(true);
  });
});

it('reopens when its connection is closed under it (a version change from elsewhere)', async () => {
  const name = `q${++db}`;
  const store = (await openQueueStore({ dbName: name })).store!;
  await store.add([record()], LIMITS);
  await new Promise<void>((resolve) => {
    const open = indexedDB.open(`${name}-outbox`, 2);
    open.onsuccess = () => (open.result.close(), resolve());
  });
  await store.add([record()], LIMITS);
  expect(await store.size()).toBe(2);
});
