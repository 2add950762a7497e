import { describe, expect, it } from 'vitest';
import { createProfile } from '../profile/create-profile.ts';
import { reduceProfile } from '../profile/reduce-profile.ts';
import type { Profile } from '../profile/profile-types.ts';
import type { EventInput } from '../events/event-schema.ts';
import { DAY, event } from '../test-support/fixtures.ts';
import { aiplCategoryStage, aiplStage, stageChanges } from './aipl.ts';

const T0 = Date.UTC(2026, 0, 1);
const tea = { item_id: 'tea', item_brand: 'Xinhe', item_category: 'Groceries' };

function apply(p: Profile, input: EventInput, at: number) {
  return reduceProfile(p, event(input, at), at);
}

describe('aiplStage', () => {
  it('is none for a brand never met', () => {
    expect(aiplStage(createProfile(), 'Xinhe', T0)).toBe('none');
  });

  it('moves Awareness → Interest → Purchase → Loyalty through each kind of signal', () => {
    let p = apply(createProfile(), { name: 'view_item_list', items: [tea] }, T0);
    expect(aiplStage(p, 'Xinhe', T0)).toBe('awareness');
    expect(aiplCategoryStage(p, 'Groceries', T0)).toBe('awareness');
    p = apply(p, { name: 'view_item', items: [tea] }, T0 + 1);
    expect(aiplStage(p, 'Xinhe', T0 + 1)).toBe('interest');
    p = apply(p, { name: 'purchase', transaction_id: 'T1', items: [tea] }, T0 + 2);
    expect(aiplStage(p, 'Xinhe', T0 + 2)).toBe('purchase');
    p = apply(p, { name: 'purchase', transaction_id: 'T2', items: [tea] }, T0 + 30 * DAY);
    expect(aiplStage(p, 'Xinhe', T0 + 30 * DAY)).toBe('loyalty');
  });

  it.each<[string, EventInput]>([
    ['select_item', { name: 'select_item', items: [tea] }],
    ['add_to_wishlist', { name: 'add_to_wishlist', items: [tea] }],
    ['add_to_cart', { name: 'add_to_cart', items: [tea] }],
  ])('counts %s as interest', (_, input) => {
    expect(aiplStage(apply(createProfile(), input, T0), 'Xinhe', T0)).toBe('interest');
  });

  it('counts a search for the brand by name as interest once the brand is known', () => {
    let p = apply(createProfile(), { name: 'view_item_list', items: [tea] }, T0);
    p = apply(p, { name: 'search', search_term: 'xinhe soy sauce' }, T0 + 1);
    expect(aiplStage(p, 'Xinhe', T0 + 1)).toBe('interest');
  });

  it('makes a buyer who shares loyal, but sharing before buying is only interest', () => {
    let p = apply(createProfile(), { name: 'share', items: [tea] }, T0);
    expect(aiplStage(p, 'Xinhe', T0)).toBe('interest');
    p = apply(p, { name: 'purchase', transaction_id: 'T1', items: [tea] }, T0 + 1);
    p = apply(p, { name: 'share', items: [tea] }, T0 + 2);
    expect(aiplStage(p, 'Xinhe', T0 + 2)).toBe('loyalty');
  });

  it('decays when each window passes, and windows are configurable', () => {
    let p = apply(createProfile(), { name: 'view_item_list', items: [tea] }, T0);
    expect(aiplStage(p, 'Xinhe', T0 + 31 * DAY)).toBe('none');
    p = apply(p, { name: 'view_item', items: [tea] }, T0);
    expect(aiplStage(p, 'Xinhe', T0 + 29 * DAY)).toBe('interest');
    expect(aiplStage(p, 'Xinhe', T0 + 31 * DAY)).toBe('none');
    expect(aiplStage(p, 'Xinhe', T0 + 31 * DAY, { interest: 60 })).toBe('interest');
    p = apply(p, { name: 'purchase', transaction_id: 'T1', items: [tea] }, T0);
    expect(aiplStage(p, 'Xinhe', T0 + 179 * DAY)).toBe('purchase');
    expect(aiplStage(p, 'Xinhe', T0 + 181 * DAY)).toBe('none');
    p = apply(p, { name: 'purchase', transaction_id: 'T2', items: [tea] }, T0 + 100 * DAY);
    expect(aiplStage(p, 'Xinhe', T0 + 200 * DAY)).toBe('loyalty'); // two within 365 days
    expect(aiplStage(p, 'Xinhe', T0 + 290 * DAY)).toBe('loyalty');
    // The first purchase left the loyalty window, the second the purchase window (270 days ago).
    expect(aiplStage(p, 'Xinhe', T0 + 370 * DAY)).toBe('none');
    p = apply(p, { name: 'purchase', transaction_id: 'T3', items: [tea] }, T0 + 300 * DAY);
    expect(aiplStage(p, 'Xinhe', T0 + 370 * DAY)).toBe('loyalty'); // +100 and +300 days: two within a year
  });
});

describe('stageChanges', () => {
  it('lists what moved since last announced, including decay, and the stages to store', () => {
    let p = apply(createProfile(), { name: 'view_item', items: [tea] }, T0);
    const first = stageChanges(p, T0);
    expect(first.changes).toEqual([
      { scope: 'brand', name: 'Xinhe', from: 'none', to: 'interest' },
      { scope: 'category', name: 'Groceries', from: 'none', to: 'interest' },
    ]);
    p = { ...p, stages: first.stages };
    expect(stageChanges(p, T0 + DAY).changes).toEqual([]);
    const decayed = stageChanges(p, T0 + 40 * DAY);
    expect(decayed.changes.map((c) => `${c.name}:${c.from}→${c.to}`)).toEqual(['Xinhe:interest→none', 'Groceries:interest→none']);
    expect(decayed.stages).toEqual({});
  });
});
