// Names that are also JavaScript's own keys, fed everywhere outside text becomes a map key. Each must
// behave like any other name: no throw, no inherited value taken for data, no prototype polluted.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProfile } from './profile/create-profile.ts';
import { reduceProfile } from './profile/reduce-profile.ts';
import { decayedValue } from './profile/decay.ts';
import { migrateProfile } from './profile/migrate-profile.ts';
import { createMemoryProfileStore } from './profile/profile-store.ts';
import { parseTraits } from './profile/traits.ts';
import { rank } from './ranking/rank.ts';
import { aiplStage, stageChanges } from './segments/aipl.ts';
import { matchAudience, type AudienceRule } from './segments/match-audience.ts';
import { parseSceneConfig } from './scenes/parse-scene-config.ts';
import { localize, selectScene } from './scenes/select-scene.ts';
import { createTracker } from './tracker/create-tracker.ts';
import { event, product } from './test-support/fixtures.ts';

export const HOSTILE = ['__proto__', 'constructor', 'prototype', 'valueOf', 'toString', 'hasOwnProperty'] as const;
const T0 = Date.UTC(2026, 10, 1);

afterEach(() => {
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  vi.restoreAllMocks();
});

describe.each(HOSTILE)('the name %s', (name) => {
  const item = { item_id: name, item_name: name, item_brand: name, item_category: 'Tools', item_category2: name };

  it('is an ordinary brand, category, item and search term in the profile', () => {
    let p = createProfile({ createdAt: T0 });
    for (const kind of ['view_item', 'add_to_cart', 'purchase', 'view_item_list', 'dislike_item', 'share'] as const) {
      p = reduceProfile(p, event({ name: kind, items: [item], ...(kind === 'purchase' ? { transaction_id: name, value: 3 } : {}) }, T0), T0);
    }
    p = reduceProfile(p, event({ name: 'search', search_term: `${name} ${name}` }, T0), T0);
    expect(Object.getOwnPropertyNames(p.affinities.brand)).toContain(name);
    expect(decayedValue(Object.getOwnPropertyDescriptor(p.affinities.brand, name)!.value, T0, 14)).toBeGreaterThan(0);
    expect(Object.getOwnPropertyDescriptor(p.aipl.brand, name)!.value.purchases).toEqual([T0]);
    expect(aiplStage(p, name, T0)).toBe('loyalty'); // bought, then shared
    expect(stageChanges(p, T0).changes.length).toBeGreaterThan(0);
    expect(p.viewed[0]?.id).toBe(name);
    // A brand nobody met is no stage, whatever its name.
    expect(aiplStage(createProfile(), name, T0)).toBe('none');
  });

  it('ranks and explains products named so, and never reads an inherited value as data', () => {
    const products = [product(name, ['Tools', name], 5, { brand: name, tags: [name] }), product('plain', ['Tools'], 9)];
    const fresh = rank(products, createProfile(), { now: T0 });
    expect(fresh.map((r) => r.product.id)).toEqual(['plain', name]);
    expect(fresh.every((r) => Number.isFinite(r.score))).toBe(true);
    let p = createProfile({ createdAt: T0 });
    p = reduceProfile(p, event({ name: 'view_item', items: [{ ...item, item_id: 'other' }] }, T0), T0);
    const ranked = rank(products, p, { now: T0 });
    expect(ranked[0]!.product.id).toBe(name);
    expect(ranked.every((r) => Number.isFinite(r.score))).toBe(true);
  });

  it('is a trait name that identify() refuses by name, and a value it keeps', () => {
    expect(parseTraits({ [name]: 1 }).issues[0]?.path).toBe(name);
    expect(parseTraits(JSON.parse(`{"${name}": 1, "city": "${name}"}`)).traits).toEqual({ city: name });
    const rule: AudienceRule = { trait: name, in: [1] };
    expect(matchAudience(rule, createProfile(), { now: T0 })).toBe(false);
    expect(matchAudience({ aipl: { brand: name, atLeast: 'awareness' } }, createProfile(), { now: T0 })).toBe(false);
    expect(matchAudience({ interest: { category: name, min: 0.1 } }, createProfile(), { now: T0 })).toBe(false);
  });

  it('in a scene config: a missing theme is reported, audiences match nobody, labels localise', () => {
    const config = {
      themes: { red: { colors: { primary: '#d4241c', background: '#fff', text: '#111' } } },
      scenes: [
        {
          id: 'fest',
          title: { en: 'Fest', 'zh-CN': '节' },
          theme: name,
          schedule: { start: '2026-01-01', end: '2027-01-01', timeZone: 'UTC' },
          audience: { aipl: { brand: name, atLeast: 'interest' } },
          floors: [{ id: 'f', title: 'F', source: { brands: [name] }, audience: { trait: name, in: ['x'] } }],
        },
      ],
    };
    const bad = parseSceneConfig(config);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues.map((i) => i.path)).toContain('scenes[0].theme');
    const good = parseSceneConfig({ ...config, scenes: [{ ...config.scenes[0], theme: 'red' }] });
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    expect(selectScene(good.value, createProfile(), T0)).toBeNull();
    expect(localize({ [name]: 'x', en: 'Fest' } as Record<string, string>, name)).toBe('x');
    expect(localize({ en: 'Fest' }, name)).toBe('Fest');
  });

  it('in a stored profile: loads, keeps working, and forget() erases it', async () => {
    const stored = JSON.parse(
      JSON.stringify({
        ...createProfile({ anonymousId: 'anon', createdAt: T0 }),
        traits: { [name]: 'x', city: 'Leeds' },
        affinities: { category: { [name]: { w: 2, t: T0 } }, brand: { [name]: 'garbage' }, tag: {} },
        impressions: { [name]: { w: 1, t: T0 } },
        aipl: { brand: { [name]: { exposed: T0 } }, category: {} },
        stages: { [`brand:${name}`]: 'awareness' },
      }).replace('"garbage"', '{"not":"decayed"}'),
    );
    const loaded = migrateProfile(stored, T0);
    expect(loaded.status).toBe('current');
    expect(loaded.status === 'current' && loaded.dropped).toEqual([`affinities.brand.${name}`, `aipl.brand.${name}`]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = createMemoryProfileStore(stored);
    const tracker = createTracker({ storage: store, now: () => T0 });
    await tracker.ready;
    const result = await tracker.track({ name: 'add_to_cart', items: [item] });
    expect(result.ok).toBe(true);
    expect(tracker.profile.value.carted[0]?.id).toBe(name);
    expect((await tracker.identify({ [name]: 1, city: 'York' })).ok).toBe(true);
    await tracker.flush();
    expect(JSON.stringify(await store.load())).toContain('York');
    await tracker.forget();
    expect(await store.load()).toBeUndefined();
    expect(warn.mock.calls.some((c) => String(c[0]).includes('malformed'))).toBe(true);
  });
});
