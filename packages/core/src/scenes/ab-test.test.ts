// A/B variants of a scene (#12): assignment by weight, stable for a shopper with nothing stored for
// it, independent between experiments; the variant's changes applied; a preview can force one; one
// experiment_exposure per shopper; nothing written before consent.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createShopscene } from '../create-shopscene.ts';
import { staticAdapter } from '../adapters/static-adapter.ts';
import { createVenueModel } from '../models/venue-model.ts';
import { createProfile } from '../profile/create-profile.ts';
import { assignVariant } from './assign-variant.ts';
import { parseSceneConfig } from './parse-scene-config.ts';
import type { SceneConfig } from './scene-schema.ts';
import { selectScene } from './select-scene.ts';

/** The demo's Spring Festival with a 70/30 test: variant "b" leads with dinner, under another title. */
function withTest(): SceneConfig {
  const config = JSON.parse(readFileSync(join(process.cwd(), 'demo/public/scenes/spring-festival.json'), 'utf8'));
  const scene = config.scenes[0];
  scene.variants = [
    { id: 'a', weight: 70 },
    { id: 'b', weight: 30, title: 'New Year feast', floors: [scene.floors[2], scene.floors[0]] },
  ];
  const parsed = parseSceneConfig(config);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}
const HARVEST = Date.parse('2027-02-02T12:00+08:00');

describe('assignVariant', () => {
  it('splits 10,000 shoppers within ±2 % of the weights, per experiment, independently', () => {
    const variants = [{ id: 'a', weight: 50 }, { id: 'b', weight: 30 }, { id: 'c', weight: 20 }];
    const count = (experiment: string) => {
      const seen: Record<string, number> = { a: 0, b: 0, c: 0 };
      for (let i = 0; i < 10_000; i++) seen[assignVariant(experiment, variants, `anon-${i.toString(36)}-${(i * 7919) % 1000}`)]!++;
      return seen;
    };
    for (const experiment of ['spring-festival-2027', 'double-11-2026']) {
      const seen = count(experiment);
      expect(Math.abs(seen.a! / 10_000 - 0.5)).toBeLessThanOrEqual(0.02);
      expect(Math.abs(seen.b! / 10_000 - 0.3)).toBeLessThanOrEqual(0.02);
      expect(Math.abs(seen.c! / 10_000 - 0.2)).toBeLessThanOrEqual(0.02);
    }
    // Independent: being in "a" of one test says little about the other.
    let both = 0;
    for (let i = 0; i < 10_000; i++) {
      const id = `anon-${i}`;
      if (assignVariant('x', variants, id) === 'a' && assignVariant('y', variants, id) === 'a') both++;
    }
    expect(Math.abs(both / 10_000 - 0.25)).toBeLessThanOrEqual(0.02);
  });

  it('gives a shopper the same variant every time: it is computed, not stored', () => {
    const variants = [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }];
    const first = Array.from({ length: 50 }, (_, i) => assignVariant('t', variants, `s${i}`));
    expect(Array.from({ length: 50 }, (_, i) => assignVariant('t', variants, `s${i}`))).toEqual(first);
    expect(new Set(first).size).toBe(2);
  });
});

describe('a scene with variants', () => {
  it('shows each shopper their variant’s changes, and a preview the variant it forces', () => {
    const config = withTest();
    const shopper = (id: string) => ({ ...createProfile({ createdAt: 0 }), anonymousId: id });
    const ids = Array.from({ length: 200 }, (_, i) => `shopper-${i}`);
    const picks = ids.map((id) => selectScene(config, shopper(id), HARVEST, { subject: id })!);
    const b = picks.filter((p) => p.experiment?.variant === 'b');
    expect(b.length).toBeGreaterThan(30);
    expect(b.length).toBeLessThan(100);
    for (const p of b) {
      expect(p.scene.title).toBe('New Year feast');
      expect(p.floors.map((f) => f.id).sort()).toEqual(['eve-dinner', 'new-year-goods']);
    }
    for (const p of picks.filter((x) => x.experiment?.variant === 'a')) expect(p.floors.length).toBeGreaterThan(2);
    expect(picks.every((p) => p.experiment?.id === 'spring-festival-2027')).toBe(true);
    const forced = selectScene(config, shopper('anyone'), HARVEST, { subject: 'anyone', force: { 'spring-festival-2027': 'b' } })!;
    expect(forced.experiment).toEqual({ id: 'spring-festival-2027', variant: 'b' });
  });

  it('is checked like the rest: duplicate variant ids and unknown themes are reported, one variant is not a test', () => {
    const config = JSON.parse(readFileSync(join(process.cwd(), 'demo/public/scenes/spring-festival.json'), 'utf8'));
    config.scenes[0].variants = [{ id: 'a', weight: 1 }, { id: 'a', weight: 1, theme: 'nope' }];
    const result = parseSceneConfig(config);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(['scenes[0].variants[1].id', 'scenes[0].variants[1].theme']);
    config.scenes[0].variants = [{ id: 'a', weight: 1 }];
    const one = parseSceneConfig(config);
    expect(!one.ok && one.issues[0]).toMatchObject({ path: 'scenes[0].variants', message: 'an A/B test needs at least two variants' });
  });
});

/** The demo's Spring Festival with a 60/40 test of its gift floor: "b" sorts by price and lays it out as a grid. */
function withFloorTest(): SceneConfig {
  const config = JSON.parse(readFileSync(join(process.cwd(), 'demo/public/scenes/spring-festival.json'), 'utf8'));
  const gifts = config.scenes[0].floors.find((f: { id: string }) => f.id === 'gifts-for-family');
  gifts.variants = [{ id: 'a', weight: 60 }, { id: 'b', weight: 40, title: 'Gifts under $50', sort: 'price-asc', layout: 'grid' }];
  const parsed = parseSceneConfig(config);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

describe('a floor with variants', () => {
  const giftsOf = (active: ReturnType<typeof selectScene>) => active!.floors.find((f) => f.id === 'gifts-for-family')!;

  it('splits 10,000 shoppers within ±2 % of the weights; a shopper keeps their variant; a preview forces one', () => {
    const config = withFloorTest();
    const profile = createProfile({ createdAt: 0 });
    const gifts = config.scenes[0]!.floors.find((f) => f.id === 'gifts-for-family')!;
    const experiment = 'spring-festival-2027/gifts-for-family';
    const split = Array.from({ length: 10_000 }, (_, i) => assignVariant(experiment, gifts.variants!, `anon-${i.toString(36)}`));
    expect(Math.abs(split.filter((v) => v === 'b').length / 10_000 - 0.4)).toBeLessThanOrEqual(0.02);
    // The venue shows each of them that variant, with its changes (checked on the first 500).
    for (let i = 0; i < 500; i++) {
      const active = selectScene(config, profile, HARVEST, { subject: `anon-${i.toString(36)}` })!;
      expect(active.experiments).toContainEqual({ id: experiment, variant: split[i] });
      if (split[i] === 'b') expect(giftsOf(active)).toMatchObject({ title: 'Gifts under $50', sort: 'price-asc', layout: 'grid' });
      else expect(giftsOf(active).layout).toBe('carousel');
    }
    const again = (id: string) => selectScene(config, profile, HARVEST, { subject: id })!.experiments;
    expect(again('anon-7')).toEqual(again('anon-7'));
    expect(selectScene(config, profile, HARVEST, { subject: 'x' })!.experiment).toBeUndefined(); // the scene itself is not under test
    const forced = selectScene(config, profile, HARVEST, { subject: 'x', force: { 'spring-festival-2027/gifts-for-family': 'b' } })!;
    expect(giftsOf(forced).title).toBe('Gifts under $50');
  });

  it('is checked like a scene’s: duplicate ids and a single variant are reported with their paths', () => {
    const config = JSON.parse(readFileSync(join(process.cwd(), 'demo/public/scenes/spring-festival.json'), 'utf8'));
    config.scenes[0].floors[1].variants = [{ id: 'a', weight: 1 }, { id: 'a', weight: 1, layout: 'pyramid' }];
    const result = parseSceneConfig(config);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(['scenes[0].floors[1].variants[1].layout', 'scenes[0].floors[1].variants[1].id']);
    config.scenes[0].floors[1].variants = [{ id: 'a', weight: 1 }];
    const one = parseSceneConfig(config);
    expect(!one.ok && one.issues[0]).toMatchObject({ path: 'scenes[0].floors[1].variants', message: 'an A/B test needs at least two variants' });
  });
});

describe('experiment_exposure', () => {
  const catalog = JSON.parse(readFileSync(join(process.cwd(), 'demo/public/generated/catalog.json'), 'utf8'));
  const open = (dbName: string, consent: 'granted' | 'pending') =>
    createShopscene({ adapter: staticAdapter({ catalog }), scenes: withTest(), dbName, consent, now: () => HARVEST });

  it('is tracked once per shopper and experiment, across venues and page loads', async () => {
    const exposures: string[] = [];
    for (let load = 0; load < 3; load++) {
      const sdk = open('ab-once', 'granted');
      sdk.onEvent((e) => e.name === 'experiment_exposure' && exposures.push(`${e.experiment_id}:${e.variant_id}`));
      for (let venue = 0; venue < 2; venue++) {
        const model = createVenueModel(sdk);
        await model.start();
        model.dispose();
      }
      await sdk.flush();
    }
    expect(exposures).toHaveLength(1);
    expect(exposures[0]).toMatch(/^spring-festival-2027:(a|b)$/);
  });

  it('writes nothing before consent: no profile, no stored assignment', async () => {
    const sdk = open('ab-pending', 'pending');
    const model = createVenueModel(sdk);
    await model.start();
    expect(model.active.peek()?.experiment?.variant).toMatch(/^(a|b)$/);
    await sdk.flush();
    model.dispose();
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.toContain('ab-pending');
  });

  it('is tracked once per shopper for the scene’s test and for each floor’s', async () => {
    const exposures: string[] = [];
    const catalogFile = JSON.parse(readFileSync(join(process.cwd(), 'demo/public/generated/catalog.json'), 'utf8'));
    const config = withFloorTest();
    config.scenes[0]!.variants = [{ id: 'a', weight: 70 }, { id: 'b', weight: 30 }];
    for (let load = 0; load < 2; load++) {
      const sdk = createShopscene({ adapter: staticAdapter({ catalog: catalogFile }), scenes: config, dbName: 'ab-floors', consent: 'granted', now: () => HARVEST });
      sdk.onEvent((e) => e.name === 'experiment_exposure' && exposures.push(`${e.experiment_id}:${e.variant_id}`));
      const model = createVenueModel(sdk);
      await model.start();
      model.dispose();
      await sdk.flush();
    }
    expect(exposures.map((e) => e.split(':')[0]).sort()).toEqual(['spring-festival-2027', 'spring-festival-2027/gifts-for-family']);
  });
});
