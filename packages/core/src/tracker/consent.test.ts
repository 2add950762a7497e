import { describe, expect, it } from 'vitest';
import { createMemoryProfileStore } from '../profile/profile-store.ts';
import { createTracker } from './create-tracker.ts';

const tea = { item_id: 'tea', item_brand: 'Xinhe', item_category: 'Groceries' };

describe('consent', () => {
  it('writes nothing while pending, keeps the buffered events on grant, erases everything on deny', async () => {
    const store = createMemoryProfileStore();
    const tracker = createTracker({ storage: store, consent: 'pending' });
    await tracker.track({ name: 'view_item', items: [tea] });
    await tracker.flush();
    expect(await store.load()).toBeUndefined();
    expect(tracker.profile.value.viewed.map((v) => v.id)).toEqual(['tea']);

    await tracker.setConsent('granted');
    expect(await store.load()).toMatchObject({ viewed: [{ id: 'tea' }] });

    await tracker.setConsent('denied');
    expect(await store.load()).toBeUndefined();
    expect(tracker.profile.value.viewed).toEqual([]);
    await tracker.track({ name: 'view_item', items: [tea] });
    await tracker.flush();
    expect(await store.load()).toBeUndefined(); // denied: memory only from now on
  });

  it('keeps at most the configured buffer while pending', async () => {
    const tracker = createTracker({ storage: 'memory', consent: 'pending', consentBuffer: 3 });
    for (let i = 0; i < 10; i++) await tracker.track({ name: 'view_item', items: [{ item_id: `i${i}` }] });
    expect(tracker.profile.value.viewed).toHaveLength(10); // still reduced in memory
  });

  it('honours Global Privacy Control by default, and can be told not to', async () => {
    const nav = globalThis.navigator as Navigator & { globalPrivacyControl?: boolean };
    Object.defineProperty(nav, 'globalPrivacyControl', { value: true, configurable: true });
    try {
      expect(createTracker({ storage: 'memory' }).consent()).toBe('denied');
      expect(createTracker({ storage: 'memory', respectGpc: false }).consent()).toBe('granted');
      expect(createTracker({ storage: 'memory', consent: 'granted' }).consent()).toBe('granted');
    } finally {
      delete (nav as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    }
  });

  it('exports the profile as plain JSON', async () => {
    const tracker = createTracker({ storage: 'memory' });
    await tracker.track({ name: 'view_item', items: [tea] });
    const exported = await tracker.exportProfile();
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    expect(exported.viewed[0]!.id).toBe('tea');
  });
});

describe('stage_change', () => {
  it('is emitted when a brand or category changes stage, and when a stage decays', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const store = createMemoryProfileStore();
    const tracker = createTracker({ storage: store, now: () => clock });
    const changes: string[] = [];
    tracker.onEvent((e) => e.name === 'stage_change' && changes.push(`${e.stage_scope}:${e.stage_name}:${e.stage_from}→${e.stage_to}`));
    await tracker.track({ name: 'view_item_list', items: [tea] });
    await tracker.track({ name: 'view_item', items: [tea] });
    await tracker.track({ name: 'view_item', items: [tea] });
    await tracker.track({ name: 'purchase', transaction_id: 'T1', items: [tea] });
    await tracker.flush();
    expect(changes).toEqual([
      'brand:Xinhe:none→awareness',
      'category:Groceries:none→awareness',
      'brand:Xinhe:awareness→interest',
      'category:Groceries:awareness→interest',
      'brand:Xinhe:interest→purchase',
      'category:Groceries:interest→purchase',
    ]);

    // A later visit, after the purchase window passed: the decay is announced on load.
    clock += 200 * 86_400_000;
    const later = createTracker({ storage: store, now: () => clock });
    const decays: string[] = [];
    later.onEvent((e) => e.name === 'stage_change' && decays.push(`${e.stage_name}:${e.stage_from}→${e.stage_to}`));
    await later.ready;
    await later.flush();
    expect(decays).toEqual(['Xinhe:purchase→none', 'Groceries:purchase→none']);
  });
});

describe('stage_change from a search', () => {
  it('announces interest when a search names a brand the shopper has met', async () => {
    const tracker = createTracker({ storage: 'memory' });
    const changes: string[] = [];
    tracker.onEvent((e) => e.name === 'stage_change' && changes.push(`${e.stage_name}:${e.stage_from}→${e.stage_to}`));
    await tracker.track({ name: 'view_item_list', items: [tea] });
    await tracker.track({ name: 'search', search_term: 'xinhe soy sauce' });
    await tracker.flush();
    expect(changes).toContain('Xinhe:awareness→interest');
  });
});
