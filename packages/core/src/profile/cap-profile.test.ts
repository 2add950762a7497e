import { describe, expect, it } from 'vitest';
import type { EventInput } from '../events/event-schema.ts';
import { event } from '../test-support/fixtures.ts';
import { createTracker } from '../tracker/create-tracker.ts';
import { capProfile, PROFILE_MAX_BYTES, profileBytes } from './cap-profile.ts';
import { createProfile } from './create-profile.ts';
import { reduceProfile } from './reduce-profile.ts';
import type { Profile } from './profile-types.ts';
import { createMemoryProfileStore } from './profile-store.ts';

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number) {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}

function randomEvent(next: () => number, i: number): EventInput {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const item = {
    item_id: `sku-${Math.floor(next() * 50_000)}`,
    item_name: `Product ${i} with a fairly long descriptive name`,
    item_brand: `Brand ${Math.floor(next() * 3000)}`,
    item_category: `Group ${Math.floor(next() * 40)}`,
    item_category2: `Category ${Math.floor(next() * 2000)}`,
    price: Math.round(next() * 10_000) / 100,
  };
  const name = pick(['view_item', 'view_item_list', 'select_item', 'add_to_cart', 'add_to_wishlist', 'search', 'purchase', 'refund', 'dislike_item', 'share', 'remove_from_cart'] as const);
  if (name === 'search') return { name, search_term: `term ${Math.floor(next() * 100_000)} words here` };
  if (name === 'purchase' || name === 'refund') return { name, transaction_id: `T${Math.floor(next() * 20_000)}`, value: item.price, items: [item] };
  return { name, items: [item] };
}

describe('capProfile', () => {
  it('keeps the profile under its size cap after 100,000 random events', () => {
    const next = random(7);
    let p: Profile = createProfile({ createdAt: 0 });
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 100_000; i++) {
      const t = start + i * 60_000;
      p = reduceProfile(p, event(randomEvent(next, i), t), t);
      if (i % 1000 === 999) p = capProfile(p);
    }
    p = capProfile(p);
    const bytes = profileBytes(p);
    console.log(`profile after 100,000 random events: ${bytes.toLocaleString('en')} bytes (cap ${PROFILE_MAX_BYTES.toLocaleString('en')}), ${p.orders.length} orders kept`);
    expect(p.eventCount).toBe(100_000);
    expect(bytes).toBeLessThanOrEqual(PROFILE_MAX_BYTES);
    expect(p.orders.length).toBeGreaterThan(0);
  }, 600_000); // about 10 s of CPU on a quiet machine

  it('prunes the weakest interests first when it must cut', () => {
    let p = createProfile();
    for (let i = 0; i < 60; i++) p = reduceProfile(p, event({ name: 'view_item', items: [{ item_id: `i${i}`, item_category: `c${i}` }] }, i), i);
    p = reduceProfile(p, event({ name: 'add_to_cart', items: [{ item_id: 'big', item_category: 'c0' }] }, 100), 100);
    const capped = capProfile(p, profileBytes(p) - 1);
    expect(profileBytes(capped)).toBeLessThan(profileBytes(p));
    expect(capped.affinities.category['c0']).toBeDefined();
    expect(Object.keys(capped.affinities.category).length).toBeLessThan(60);
  });

  it('is applied by the tracker to what it stores', async () => {
    const store = createMemoryProfileStore();
    const tracker = createTracker({ storage: store, profile: { maxBytes: 4000 } });
    for (let i = 0; i < 200; i++) void tracker.track({ name: 'view_item', items: [{ item_id: `i${i}`, item_name: 'A product with a long name', item_category: `c${i}` }] });
    await tracker.ready;
    await new Promise((r) => setTimeout(r, 0));
    await tracker.flush();
    expect(JSON.stringify(await store.load()).length).toBeLessThanOrEqual(4000);
  });
});
