import { describe, expect, it } from 'vitest';
import { createProfile } from './create-profile.ts';
import { decayedValue } from './decay.ts';
import { reduceProfile } from './reduce-profile.ts';
import { migrateProfile } from './migrate-profile.ts';
import { DAY, event } from '../test-support/fixtures.ts';
import type { Profile } from './profile-types.ts';

const T0 = Date.UTC(2026, 10, 1);
const tea = { item_id: 'tea', item_name: 'Green tea', item_brand: 'Xinhe', item_category: 'Food & Drink', item_category2: 'Groceries' };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('reduceProfile', () => {
  it('adds interest to the narrow category fully and to its parent by half, and to the brand', () => {
    const p = reduceProfile(createProfile({ createdAt: T0 }), event({ name: 'view_item', items: [tea] }, T0), T0);
    expect(decayedValue(p.affinities.category['Groceries'], T0, 14)).toBe(1);
    expect(decayedValue(p.affinities.category['Food & Drink'], T0, 14)).toBe(0.5);
    expect(decayedValue(p.affinities.brand['Xinhe'], T0, 14)).toBe(1);
    expect(p.viewed[0]).toMatchObject({ id: 'tea', name: 'Green tea', category: 'Groceries', brand: 'Xinhe' });
  });

  it('lets interest fade: half after one half-life, a quarter after two', () => {
    const p = reduceProfile(createProfile(), event({ name: 'add_to_cart', items: [tea] }, T0), T0, { halfLifeDays: 7 });
    const entry = p.affinities.category['Groceries'];
    expect(decayedValue(entry, T0, 7)).toBe(3);
    expect(decayedValue(entry, T0 + 7 * DAY, 7)).toBeCloseTo(1.5, 10);
    expect(decayedValue(entry, T0 + 14 * DAY, 7)).toBeCloseTo(0.75, 10);
  });

  it('adds new interest on top of the faded old one', () => {
    let p = reduceProfile(createProfile(), event({ name: 'view_item', items: [tea] }, T0), T0);
    const later = T0 + 14 * DAY;
    p = reduceProfile(p, event({ name: 'view_item', items: [tea] }, later), later);
    expect(decayedValue(p.affinities.category['Groceries'], later, 14)).toBeCloseTo(1.5, 10);
  });

  it('never changes the profile it was given', () => {
    const before = deepFreeze(createProfile({ createdAt: T0 }));
    const copy = structuredClone(before);
    const after = reduceProfile(before, event({ name: 'purchase', transaction_id: 'T1', value: 8, items: [tea] }, T0), T0);
    expect(before).toEqual(copy);
    expect(after).not.toBe(before);
  });

  it('stays within its bounds however many events come in', () => {
    let p: Profile = createProfile();
    for (let i = 0; i < 2000; i++) {
      const t = T0 + i * 1000;
      const item = { item_id: `i${i}`, item_category: `c${i}`, item_brand: `b${i}` };
      p = reduceProfile(p, event({ name: 'view_item', items: [item] }, t), t);
      p = reduceProfile(p, event({ name: 'add_to_cart', items: [item] }, t), t);
      p = reduceProfile(p, event({ name: 'search', search_term: `term${i} word${i}` }, t), t);
      p = reduceProfile(p, event({ name: 'dislike_item', items: [{ item_id: `d${i}` }] }, t), t);
      p = reduceProfile(p, event({ name: 'view_item_list', items: [item] }, t), t);
    }
    expect(p.viewed).toHaveLength(50);
    expect(p.carted).toHaveLength(50);
    expect(p.searches).toHaveLength(50);
    expect(p.dislikes).toHaveLength(500);
    expect(Object.keys(p.affinities.category).length).toBeLessThanOrEqual(60);
    expect(Object.keys(p.affinities.brand).length).toBeLessThanOrEqual(60);
    expect(Object.keys(p.affinities.tag).length).toBeLessThanOrEqual(60);
    expect(Object.keys(p.impressions).length).toBeLessThanOrEqual(300);
    expect(p.viewed[0]!.id).toBe('i1999'); // newest first
    expect(p.eventCount).toBe(10_000);
  });

  it('counts an order once even if its purchase arrives twice, and clears bought items from the cart', () => {
    let p = reduceProfile(createProfile(), event({ name: 'add_to_cart', items: [tea] }, T0), T0);
    const purchase = { name: 'purchase' as const, transaction_id: 'T1', value: 30, currency: 'USD', items: [tea] };
    p = reduceProfile(p, event(purchase, T0 + 1), T0 + 1);
    p = reduceProfile(p, event(purchase, T0 + 2), T0 + 2);
    expect(p.orders).toEqual([{ id: 'T1', time: T0 + 1, value: 30 }]);
    expect(p.carted).toEqual([]);
    expect(p.bought.map((b) => b.id)).toEqual(['tea']);
  });

  it('records search terms and their words as tag interests', () => {
    const p = reduceProfile(createProfile(), event({ name: 'search', search_term: 'Green Tea' }, T0), T0);
    expect(p.searches).toEqual([{ term: 'Green Tea', time: T0 }]);
    expect(Object.keys(p.affinities.tag).sort()).toEqual(['green', 'tea']);
  });

  it('remembers dislikes and pulls their category down', () => {
    let p = reduceProfile(createProfile(), event({ name: 'view_item', items: [tea] }, T0), T0);
    p = reduceProfile(p, event({ name: 'dislike_item', items: [tea] }, T0), T0);
    expect(p.dislikes).toEqual([{ id: 'tea', time: T0 }]);
    expect(p.affinities.category['Groceries']).toBeUndefined(); // 1 - 1.5 floors at 0 and is pruned
  });

  it('keeps the last 10 visits through shared links (the referrer code and the link’s UTM), not other page views', () => {
    let p = createProfile({ createdAt: 0 });
    p = reduceProfile(p, event({ name: 'page_view' }, T0), T0);
    expect(p.referrals).toBeUndefined();
    for (let i = 0; i < 12; i++) {
      const t = T0 + i * DAY;
      p = reduceProfile(p, event({ name: 'page_view', referral: `code-${i}`, utm_source: 'shopscene', utm_medium: 'share', utm_campaign: 'spring-festival-2027', utm_content: 'sku-1' }, t), t);
    }
    expect(p.referrals).toHaveLength(10);
    expect(p.referrals![0]!.code).toBe('code-2');
    expect(p.referrals![9]).toEqual({ code: 'code-11', time: T0 + 11 * DAY, source: 'shopscene', medium: 'share', campaign: 'spring-festival-2027', content: 'sku-1' });
  });
});

describe('a stored profile with referrals', () => {
  it('keeps the well-formed ones and drops the rest when loaded', () => {
    const stored = { ...createProfile({ createdAt: 0 }), referrals: [{ code: 'abc', time: 1 }, { code: 7, time: 2 }, null, { code: 'def', time: 'yesterday' }] };
    const loaded = migrateProfile(stored, T0);
    expect(loaded.status).toBe('current');
    expect(loaded.profile.referrals).toEqual([{ code: 'abc', time: 1 }]);
    expect(loaded.status === 'current' && loaded.dropped).toEqual(['referrals[1]', 'referrals[2]', 'referrals[3]']);
    expect(migrateProfile({ ...createProfile({ createdAt: 0 }), referrals: 'nope' }, T0).profile.referrals).toEqual([]);
  });
});
