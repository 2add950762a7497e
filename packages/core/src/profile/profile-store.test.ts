import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProfile } from './create-profile.ts';
import { openProfileStore } from './profile-store.ts';
import { createTracker } from '../tracker/create-tracker.ts';

afterEach(() => vi.restoreAllMocks());

function countTransactions(): { count: () => number } {
  let n = 0;
  const original = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    n++;
    return original.apply(this, args);
  });
  return { count: () => n };
}

describe('profile store on IndexedDB', () => {
  it('reads back what was saved', async () => {
    const { store } = await openProfileStore({ dbName: 'store-a' });
    expect(store.kind).toBe('indexeddb');
    const profile = createProfile({ createdAt: 5 });
    await store.apply(() => profile);
    const again = await openProfileStore({ dbName: 'store-a' });
    expect(again.stored).toEqual(profile);
  });

  it('coalesces writes: the first change at once, the rest of a burst in one more transaction', async () => {
    const tracker = createTracker({ dbName: 'store-b' });
    await tracker.ready;
    const tx = countTransactions();
    await Promise.all(Array.from({ length: 50 }, (_, i) => tracker.track({ name: 'view_item', items: [{ item_id: `i${i}` }] })));
    await tracker.flush();
    expect(tx.count()).toBeGreaterThanOrEqual(1);
    expect(tx.count()).toBeLessThanOrEqual(2);
    const { stored } = await openProfileStore({ dbName: 'store-b' });
    expect((stored as { viewed: unknown[] }).viewed).toHaveLength(50);
  });

  it('a page reads the stored profile in one transaction', async () => {
    const first = createTracker({ dbName: 'store-once' });
    await first.track({ name: 'view_item', items: [{ item_id: 'kept' }] });
    await first.flush();
    const tx = countTransactions();
    const next = createTracker({ dbName: 'store-once' });
    await next.ready;
    expect(next.profile.peek().viewed.map((v) => v.id)).toEqual(['kept']);
    expect(tx.count()).toBe(1);
  });

  it('falls back to memory with one warning when IndexedDB throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const { store } = await openProfileStore({ dbName: 'store-c' });
    expect(store.kind).toBe('memory');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('IndexedDB is unavailable (denied)'));
  });

  it('replaces an unreadable stored profile with a fresh one and says so', async () => {
    const { store } = await openProfileStore({ dbName: 'store-d' });
    await store.apply(() => ({ version: 99, junk: true }) as never);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tracker = createTracker({ dbName: 'store-d' });
    await tracker.ready;
    expect(tracker.profile.value.version).toBe(2);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('stored profile was unreadable (version 99 is newer than this SDK (2))'));
    await expect(tracker.track({ name: 'page_view' })).resolves.toMatchObject({ ok: true });
  });

  it('forget() erases the stored profile', async () => {
    const tracker = createTracker({ dbName: 'store-e' });
    await tracker.track({ name: 'view_item', items: [{ item_id: 'x' }] });
    await tracker.flush();
    await tracker.forget();
    const { stored } = await openProfileStore({ dbName: 'store-e' });
    expect(stored).toBeUndefined();
    expect(tracker.profile.value.viewed).toEqual([]);
  });
});
