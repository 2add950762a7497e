import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryProfileStore, type ProfileStore } from '../profile/profile-store.ts';
import { createProfile } from '../profile/create-profile.ts';
import type { Profile } from '../profile/profile-types.ts';
import type { Consent } from './initial-consent.ts';
import { createProfileKeeper } from './profile-keeper.ts';

/** A memory store that counts its transactions. */
function countingStore(initial?: unknown): ProfileStore & { writes: number } {
  const inner = createMemoryProfileStore(initial);
  const store = {
    ...inner,
    writes: 0,
    apply(change: (stored: unknown) => Profile) {
      store.writes++;
      return inner.apply(change);
    },
  };
  return store;
}

const trait = (key: string, value: string) => (p: Profile): Profile => ({ ...p, traits: { ...p.traits, [key]: value } });

describe('createProfileKeeper', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes a burst of changes in at most two transactions, and publishes it once', async () => {
    const store = countingStore();
    const keeper = createProfileKeeper({ storage: store }, () => 'granted', () => {});
    await keeper.connect();
    const seen: Profile[] = [];
    keeper.profile.subscribe((p) => seen.push(p));
    for (let i = 0; i < 20; i++) keeper.change(trait(`k${i}`, 'v'));
    expect(Object.keys(keeper.current().traits)).toHaveLength(20);
    await Promise.resolve();
    // The one at subscribe, then the burst's.
    expect(seen.map((p) => Object.keys(p.traits).length)).toEqual([0, 20]);
    await keeper.flush();
    expect(store.writes).toBeLessThanOrEqual(2);
    expect(Object.keys(((await store.load()) as Profile).traits)).toHaveLength(20);
  });

  it('while consent is pending, stores nothing and keeps only the newest changes beyond the buffer', async () => {
    const store = countingStore({ ...createProfile({ createdAt: 1 }), traits: { plan: 'gold' } });
    let consent: Consent = 'pending';
    const keeper = createProfileKeeper({ storage: store, consentBuffer: 3 }, () => consent, () => {});
    for (let i = 0; i < 5; i++) keeper.change(trait(`k${i}`, 'v'));
    await keeper.flush();
    expect(store.writes).toBe(0);
    // The oldest were folded into the base: still in the profile, no longer pending.
    expect(Object.keys(keeper.current().traits)).toHaveLength(5);
    consent = 'granted';
    await keeper.connect();
    await keeper.flush();
    // Written on top of what was stored: the three newest changes.
    expect(Object.keys(((await store.load()) as Profile).traits)).toEqual(['plan', 'k2', 'k3', 'k4']);
  });

  it('keeps its unwritten changes on top of what is stored when it connects', async () => {
    const stored = { ...createProfile({ createdAt: 1 }), traits: { plan: 'gold' } };
    const keeper = createProfileKeeper({ storage: createMemoryProfileStore(stored) }, () => 'pending', () => {});
    keeper.change(trait('city', 'Oslo'));
    await keeper.connect();
    expect(keeper.current().traits).toEqual({ plan: 'gold', city: 'Oslo' });
    expect(keeper.current().anonymousId).toBe(stored.anonymousId);
  });

  it('drops and reports a change that throws; the next ones are still made', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = countingStore();
    const keeper = createProfileKeeper({ storage: store }, () => 'granted', () => {});
    await keeper.connect();
    keeper.change(() => {
      throw new Error('keeper test change broke');
    });
    keeper.change(trait('after', 'yes'));
    await keeper.flush();
    expect(((await store.load()) as Profile).traits).toEqual({ after: 'yes' });
    expect(warn.mock.calls.some(([m]) => /updating the profile failed: keeper test change broke/.test(String(m)))).toBe(true);
  });

  it('repairs a stored profile when it reads it, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stored = { ...createProfile({ createdAt: 1 }), viewed: [{ id: 'tea', time: 1 }, { id: 42 }] };
    const keeper = createProfileKeeper({ storage: createMemoryProfileStore(stored) }, () => 'granted', () => {});
    await keeper.connect();
    expect(keeper.current().viewed).toEqual([{ id: 'tea', time: 1 }]);
    expect(warn.mock.calls.some(([m]) => /1 malformed entry \(viewed\[1\]\)/.test(String(m)))).toBe(true);
  });

  it('forget() erases memory and storage; a read-only keeper erases only its memory', async () => {
    const store = countingStore();
    const keeper = createProfileKeeper({ storage: store }, () => 'granted', () => {});
    await keeper.connect();
    keeper.change(trait('a', 'b'));
    await keeper.flush();
    const before = keeper.current().anonymousId;
    await keeper.forget();
    expect(await store.load()).toBeUndefined();
    expect(keeper.current().traits).toEqual({});
    expect(keeper.current().anonymousId).not.toBe(before);

    const kept = createMemoryProfileStore({ ...createProfile({ createdAt: 1 }), traits: { a: 'b' } });
    const preview = createProfileKeeper({ storage: kept, readOnly: true }, () => 'granted', () => {});
    await preview.connect();
    preview.change(trait('c', 'd'));
    await preview.flush();
    expect(((await kept.load()) as Profile).traits).toEqual({ a: 'b' });
    await preview.forget();
    expect(preview.current().traits).toEqual({});
    expect(((await kept.load()) as Profile).traits).toEqual({ a: 'b' });
  });

  it('shares the profile with other tabs of the store, and stops when one of them is refused', async () => {
    // Two tabs: two keepers on one store that says it is IndexedDB, so they talk through a BroadcastChannel.
    const shared = { ...createMemoryProfileStore(), kind: 'indexeddb' as const };
    const options = { storage: shared, dbName: `keeper-test-${Math.random()}` };
    const a = createProfileKeeper(options, () => 'granted', () => {});
    let deniedInB = 0;
    const b = createProfileKeeper(options, () => 'granted', () => deniedInB++);
    await Promise.all([a.connect(), b.connect()]);
    a.change(trait('from', 'a'));
    await a.flush();
    // Delivered between tabs asynchronously: waited for, well past a channel's usual few ms.
    await vi.waitFor(() => expect(b.current().traits.from).toBe('a'), { timeout: 10_000 });
    await a.forget(true);
    await vi.waitFor(() => expect(deniedInB).toBe(1), { timeout: 10_000 });
    expect(b.current().traits).toEqual({});
    // As a page leaving does: both tabs close their channel.
    dispatchEvent(new Event('pagehide'));
  });
});
