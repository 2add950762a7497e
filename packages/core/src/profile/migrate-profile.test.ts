import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryProfileStore } from './profile-store.ts';
import { migrateProfile } from './migrate-profile.ts';
import { createTracker } from '../tracker/create-tracker.ts';

const V1 = {
  version: 1,
  anonymousId: 'anon-1',
  createdAt: 1,
  updatedAt: 2,
  eventCount: 3,
  traits: { ageBand: '25-34' },
  affinities: { category: { Tea: { w: 2, t: 2 } }, brand: {}, tag: {} },
  searches: [],
  viewed: [{ id: 'tea', time: 2 }],
  carted: [],
  bought: [],
  orders: [{ id: 'T1', time: 2, value: 8 }],
  dislikes: [],
  impressions: {},
};

describe('migrateProfile', () => {
  it('brings a version 1 profile up to date, keeping what it knew', () => {
    const result = migrateProfile(V1, 10);
    expect(result.status).toBe('migrated');
    expect(result.profile).toMatchObject({ version: 2, anonymousId: 'anon-1', viewed: [{ id: 'tea', time: 2 }], aipl: { brand: {}, category: {} }, stages: {} });
  });

  it.each([
    ['a string', 'garbage', 'expected an object, found string'],
    ['an array', [1, 2], 'expected an object, found an array'],
    ['no version', { anonymousId: 'x' }, 'it has no version'],
    ['a future version', { version: 7 }, 'version 7 is newer than this SDK (2)'],
    ['a corrupted current one', { ...V1, version: 2, viewed: 'oops' }, 'version 2 data is corrupted'],
  ])('replaces %s with a fresh profile and says why', (_, stored, reason) => {
    expect(migrateProfile(stored, 10)).toMatchObject({ status: 'replaced', reason, profile: { version: 2, eventCount: 0 } });
  });
});

describe('loading a stored profile', () => {
  it('migrates an old version with one warning, and the tracker keeps working', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tracker = createTracker({ storage: createMemoryProfileStore(structuredClone(V1)) });
    await tracker.ready;
    expect(tracker.profile.value.anonymousId).toBe('anon-1');
    await tracker.track({ name: 'view_item', items: [{ item_id: 'cake' }] });
    expect(tracker.profile.value.viewed.map((v) => v.id)).toEqual(['cake', 'tea']);
    expect(warn.mock.calls.map((c) => c[0])).toEqual(['shopscene: the stored profile was migrated from version 1 to 2']);
    warn.mockRestore();
  });

  it('replaces a corrupted one with exactly one warning, and never throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = createMemoryProfileStore({ version: 2, affinities: null });
    const tracker = createTracker({ storage: store });
    await tracker.ready;
    await tracker.track({ name: 'page_view' });
    await tracker.flush();
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('stored profile was unreadable'))).toHaveLength(1);
    expect(await store.load()).toMatchObject({ version: 2, eventCount: 1 });
    warn.mockRestore();
  });
});
