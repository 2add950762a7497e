import { describe, expect, it } from 'vitest';
import { createProfile } from '../profile/create-profile.ts';
import { reduceProfile } from '../profile/reduce-profile.ts';
import { catalog, DAY, event, product } from '../test-support/fixtures.ts';
import { rank } from './rank.ts';
import type { Profile } from '../profile/profile-types.ts';

const NOW = Date.UTC(2026, 10, 1);
const shoe = (id: string) => ({ item_id: id, item_name: `Shoe ${id}`, item_category: 'Fashion', item_category2: 'Shoes' });

function interestedInShoes(): Profile {
  let p = createProfile();
  for (const id of ['p2', 'p5', 'p8']) p = reduceProfile(p, event({ name: 'view_item', items: [shoe(id)] }, NOW - 60_000), NOW - 60_000);
  return reduceProfile(p, event({ name: 'add_to_cart', items: [shoe('p8')] }, NOW), NOW);
}

describe('rank', () => {
  it('gives a new shopper the popular items first', () => {
    const ranked = rank(catalog(), createProfile(), { now: NOW, weights: { exploration: 0 }, diversity: 0 });
    expect(ranked.slice(0, 10).map((r) => r.product.id)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
    expect(ranked.every((r) => r.reason === 'Popular right now' && r.kind === 'popular')).toBe(true);
  });

  it('lets affinity win over popularity once the shopper has shown interest', () => {
    const ranked = rank(catalog(), interestedInShoes(), { now: NOW, seed: 1 });
    const top10 = ranked.slice(0, 10).map((r) => r.product.categories[1]);
    expect(top10.filter((c) => c === 'Shoes').length).toBeGreaterThanOrEqual(8);
    // Without the mixing of categories, the least popular shoe beats the most popular phone.
    const unmixed = rank(catalog(), interestedInShoes(), { now: NOW, seed: 1, diversity: 0 });
    const leastPopularShoe = unmixed.findIndex((r) => r.product.id === 'p59');
    const mostPopularPhone = unmixed.findIndex((r) => r.product.id === 'p1');
    expect(leastPopularShoe).toBeLessThan(mostPopularPhone);
  });

  it('explains every item in words, naming what the shopper viewed', () => {
    const ranked = rank(catalog(), interestedInShoes(), { now: NOW, seed: 1 });
    expect(ranked.every((r) => typeof r.reason === 'string' && r.reason.length > 5)).toBe(true);
    // The latest shoes first, as reminders; then more shoes, because of them.
    expect(ranked[0]!.reason).toMatch(/^(You looked at this recently|Because you (viewed Shoe p\d+|like Shoes))$/);
    expect(ranked.slice(0, 3).every((r) => r.kind === 'reminder')).toBe(true);
    expect(ranked.some((r) => r.reason === 'Because you viewed Shoe p8')).toBe(true);
  });

  it('never returns a disliked or excluded item', () => {
    let p = interestedInShoes();
    p = reduceProfile(p, event({ name: 'dislike_item', items: [{ item_id: 'p11' }] }, NOW), NOW);
    const ids = rank(catalog(), p, { now: NOW, exclude: ['p14'] }).map((r) => r.product.id);
    expect(ids).not.toContain('p11');
    expect(ids).not.toContain('p14');
    expect(ids).toHaveLength(58);
  });

  it('is deterministic for a given seed, and the seed only stirs the order a little', () => {
    const p = interestedInShoes();
    const a = rank(catalog(), p, { now: NOW, seed: 42 }).map((r) => r.product.id);
    const b = rank(catalog(), p, { now: NOW, seed: 42 }).map((r) => r.product.id);
    const c = rank(catalog(), p, { now: NOW, seed: 7 }).map((r) => r.product.id);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    const overlap = c.slice(0, 15).filter((id) => a.slice(0, 15).includes(id)).length;
    expect(overlap).toBeGreaterThanOrEqual(10);
  });

  it('forgets old interests: after months, popularity leads again', () => {
    const ranked = rank(catalog(), interestedInShoes(), { now: NOW + 180 * DAY, weights: { exploration: 0 }, diversity: 0 });
    expect(ranked[0]!.product.id).toBe('p0');
  });

  it('holds back items out of stock, bought, or shown many times without a click', () => {
    const items = [product('a', ['X'], 100), product('b', ['X'], 90, { inStock: false }), product('c', ['X'], 80)];
    let p = createProfile();
    for (let i = 0; i < 10; i++) p = reduceProfile(p, event({ name: 'view_item_list', items: [{ item_id: 'a' }] }, NOW), NOW);
    const ids = rank(items, p, { now: NOW, weights: { exploration: 0 } }).map((r) => r.product.id);
    expect(ids).toEqual(['c', 'a', 'b']);
  });

  it('mixes categories a little instead of one long run', () => {
    const items = [...Array.from({ length: 10 }, (_, i) => product(`x${i}`, ['X'], 100 - i)), product('y', ['Y'], 80)];
    const plain = rank(items, createProfile(), { now: NOW, weights: { exploration: 0 }, diversity: 0 }).map((r) => r.product.id);
    const mixed = rank(items, createProfile(), { now: NOW, weights: { exploration: 0 }, diversity: 0.2 }).map((r) => r.product.id);
    expect(plain.indexOf('y')).toBe(10);
    expect(mixed.indexOf('y')).toBeLessThan(4);
    expect(new Set(mixed)).toEqual(new Set(plain));
  });

  describe('related lists and reminders', () => {
    // Products with no category, brand or tag: all the ranking knows is who went on to what.
    const bare = (id: string, popularity: number, related?: [string, number][]) => product(id, [], popularity, related ? { related } : {});
    const items = [bare('a', 50, [['c', 1], ['d', 0.5]]), bare('b', 100), bare('c', 1), bare('d', 2, [['e', 1]]), bare('e', 3), bare('f', 90)];
    const viewed = (...ids: string[]) => ids.reduce((p, id, i) => reduceProfile(p, event({ name: 'view_item', items: [{ item_id: id, item_name: `Item ${id}` }] }, NOW - (ids.length - i) * 60_000), NOW - (ids.length - i) * 60_000), createProfile());
    const opts = { now: NOW, weights: { exploration: 0 }, diversity: 0 };

    it("puts what shoppers went on to first, saying so truly; no category likeness without categories", () => {
      const ranked = rank(items, viewed('a'), opts);
      // The item just viewed first (shoppers often open it again), then what shoppers went on to from it.
      expect(ranked.slice(0, 3).map((r) => [r.product.id, r.reason])).toEqual([
        ['a', 'You looked at this recently'],
        ['c', 'Shoppers who viewed Item a also viewed this'],
        ['d', 'Shoppers who viewed Item a also viewed this'],
      ]);
      expect(ranked.find((r) => r.product.id === 'a')).toMatchObject({ kind: 'reminder' });
      // Nothing else claims a likeness: e is related to d, but d was not viewed.
      for (const r of ranked.filter((r) => !['c', 'd', 'a'].includes(r.product.id))) expect(r.kind).toBe('popular');
    });

    it('the latest item counts most; the reason names the strongest source', () => {
      const ranked = rank(items, viewed('a', 'd'), opts);
      expect(ranked.slice(0, 2).map((r) => r.product.id)).toEqual(['d', 'a']); // reminders, the latest first
      expect(ranked.find((r) => r.kind === 'related')).toMatchObject({ product: { id: 'e' }, because: 'Item d' });
      expect(ranked.find((r) => r.product.id === 'c')).toMatchObject({ kind: 'related', because: 'Item a' });
    });

    it('reminds of what was viewed, more than of what is in the cart, and not of what was bought', () => {
      let p = viewed('b', 'f');
      p = reduceProfile(p, event({ name: 'add_to_cart', items: [{ item_id: 'c' }] }, NOW - 1000), NOW - 1000);
      const reminders = rank(items, p, { ...opts, weights: { exploration: 0, popularity: 0 } }).filter((r) => r.kind === 'reminder');
      // c was carted last, yet the viewed f leads: a cart is at hand already.
      expect(reminders.map((r) => r.product.id)).toEqual(['f', 'b', 'c']);
      p = reduceProfile(p, event({ name: 'purchase', transaction_id: 't', value: 10, currency: 'USD', items: [{ item_id: 'f' }] }, NOW), NOW);
      expect(rank(items, p, opts).find((r) => r.product.id === 'f')!.kind).not.toBe('reminder');
    });

    it("an item's own entry (shoppers open it again at once) strengthens its reminder, and is never a reason", () => {
      const weak = { ...opts, weights: { exploration: 0, reminder: 1 } };
      const lists: Record<string, [string, number][]> = { a: [['c', 1], ['d', 0.5]] };
      const ranked = () => rank(items, viewed('a'), { ...weak, related: (id) => lists[id] });
      expect(ranked()[0]).toMatchObject({ product: { id: 'c' }, kind: 'related' });
      lists.a = [['c', 1], ['a', 0.8], ['d', 0.5]];
      expect(ranked()[0]).toMatchObject({ product: { id: 'a' }, kind: 'reminder', reason: 'You looked at this recently' });
      expect(ranked().filter((r) => r.kind === 'related').map((r) => [r.product.id, r.because])).toEqual([['c', 'Item a'], ['d', 'Item a']]);
      // Bought: no reminder of it, own entry or not.
      const bought = reduceProfile(viewed('a'), event({ name: 'purchase', transaction_id: 't', value: 10, currency: 'USD', items: [{ item_id: 'a' }] }, NOW), NOW);
      expect(rank(items, bought, { ...weak, related: (id) => lists[id] }).find((r) => r.product.id === 'a')!.kind).not.toBe('reminder');
    });

    it('an exploration weight left undefined explores nothing, as 0 does (no score turns NaN)', () => {
      const left = rank(items, viewed('a'), { ...opts, weights: { exploration: undefined } });
      expect(left.every((r) => Number.isFinite(r.score))).toBe(true);
      expect(left.map((r) => [r.product.id, r.score])).toEqual(rank(items, viewed('a'), { ...opts, weights: { exploration: 0 } }).map((r) => [r.product.id, r.score]));
    });

    it('ranks around the page\'s product (context), never showing it', () => {
      const ranked = rank(items, createProfile(), { ...opts, context: { id: 'd', time: 0, name: 'Item d' } });
      expect(ranked[0]).toMatchObject({ product: { id: 'e' }, reason: 'Shoppers who viewed Item d also viewed this' });
      expect(ranked.map((r) => r.product.id)).not.toContain('d');
    });

    it('related lists of products not among the candidates come from options.related', () => {
      const lists: Record<string, [string, number][]> = { gone: [['f', 1]] };
      const ranked = rank(items, viewed('gone'), { ...opts, related: (id) => lists[id] });
      expect(ranked[0]).toMatchObject({ product: { id: 'f' }, kind: 'related' });
    });

    it('with a limit, returns the same first items as a full sort', () => {
      const many = Array.from({ length: 500 }, (_, i) => product(`m${i}`, [`C${i % 7}`], (i * 37) % 101, { related: [[`m${(i * 13) % 500}`, 1]] }));
      const p = viewed('m1', 'm2', 'm3');
      for (const diversity of [0, 0.08]) {
        const all = rank(many, p, { now: NOW, diversity }).map((r) => r.product.id);
        // Below, at and past the window categories are mixed over (120).
        for (const limit of [10, 30, 120, 200]) expect(rank(many, p, { now: NOW, diversity, limit }).map((r) => r.product.id)).toEqual(all.slice(0, limit));
      }
    });
  });
});

describe('rank: category mixing', () => {
  /** The mixing as first written: every step weighs every item left (the reference). */
  function mixedByHand(items: { id: string; score: number; leaf: string | undefined }[], diversity: number) {
    const head = items.slice(0, 120);
    const taken = new Map<string, number>();
    const out: string[] = [];
    while (head.length) {
      let best = 0;
      let bestScore = -Infinity;
      head.forEach((item, i) => {
        const s = item.leaf ? item.score * (1 - diversity) ** (taken.get(item.leaf) ?? 0) : item.score;
        if (s > bestScore) (bestScore = s), (best = i);
      });
      const [item] = head.splice(best, 1);
      if (item!.leaf) taken.set(item!.leaf, (taken.get(item!.leaf) ?? 0) + 1);
      out.push(item!.id);
    }
    return [...out, ...items.slice(120).map((i) => i.id)];
  }

  it('takes the same order as weighing every item at every step, for catalogs of many shapes', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let round = 0; round < 20; round++) {
      const categories = 1 + Math.floor(random() * 12);
      const products = Array.from({ length: 60 + Math.floor(random() * 150) }, (_, i) =>
        product(`q${round}-${i}`, random() < 0.1 ? [] : ['Shop', `c${Math.floor(random() * categories)}`], Math.floor(random() * 40)),
      );
      const diversity = [0.08, 0.3, 0.5][round % 3]!;
      const ranked = rank(products, createProfile(), { now: NOW, diversity, weights: { exploration: 0 } });
      const unmixed = rank(products, createProfile(), { now: NOW, diversity: 0, weights: { exploration: 0 } });
      const reference = mixedByHand(unmixed.map((r) => ({ id: r.product.id, score: r.score, leaf: r.product.categories.at(-1) })), diversity);
      expect(ranked.map((r) => r.product.id), `round ${round}`).toEqual(reference);
    }
  });
});
