import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProfile } from '../profile/create-profile.ts';
import { reduceProfile } from '../profile/reduce-profile.ts';
import { event } from '../test-support/fixtures.ts';
import { parseSceneConfig } from './parse-scene-config.ts';
import type { SceneConfig } from './scene-schema.ts';
import { localize, selectScene } from './select-scene.ts';

function load(...names: string[]): SceneConfig {
  const configs = names.map((n) => JSON.parse(readFileSync(join(process.cwd(), 'demo/public/scenes', `${n}.json`), 'utf8')));
  const merged = { themes: Object.assign({}, ...configs.map((c) => c.themes)), scenes: configs.flatMap((c) => c.scenes) };
  const result = parseSceneConfig(merged);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const spring = load('spring-festival');
const both = load('spring-festival', 'valentines');
const shopper = createProfile({ createdAt: 0 });
const at = (iso: string) => Date.parse(iso);

describe('selectScene: phases in the scene’s time zone', () => {
  it.each([
    ['2027-01-07T15:59:59Z', null], // 23:59:59 in Shanghai, the day before
    ['2027-01-07T16:00:00Z', 'seeding'], // midnight 8 Jan in Shanghai
    ['2027-01-21T15:59:59Z', 'seeding'],
    ['2027-01-21T16:00:00Z', 'growing'],
    ['2027-02-01T11:59:59Z', 'growing'],
    ['2027-02-01T12:00:00Z', 'harvest'], // 20:00 in Shanghai
    ['2027-02-05T16:00:00Z', 'nurture'],
    ['2027-02-19T15:59:59Z', 'nurture'],
    ['2027-02-19T16:00:00Z', null], // the end is exclusive
  ])('Asia/Shanghai: at %s the phase is %s', (iso, phase) => {
    expect(selectScene(spring, shopper, at(iso))?.phase ?? null).toBe(phase);
  });

  it('Europe/London: Valentine’s harvest begins at midnight GMT, nurture at 23:00 on the 14th', () => {
    const couple = createProfile({ createdAt: 0, traits: { lifeStage: 'couple' } });
    const config = load('valentines');
    expect(selectScene(config, couple, at('2027-02-12T23:59:59Z'))!.phase).toBe('seeding');
    expect(selectScene(config, couple, at('2027-02-13T00:00:00Z'))!.phase).toBe('harvest');
    expect(selectScene(config, couple, at('2027-02-14T23:00:00Z'))!.phase).toBe('nurture');
  });

  it('America/New_York across the daylight-saving change: wall-clock boundaries stay wall-clock', () => {
    const config = structuredClone(spring);
    config.scenes[0]!.schedule = { start: '2027-03-10T00:00', end: '2027-03-20T00:00', timeZone: 'America/New_York', phases: { harvest: '2027-03-15T09:00' } };
    expect(selectScene(config, shopper, at('2027-03-10T04:59:59Z'))).toBeNull(); // EST, UTC−5
    expect(selectScene(config, shopper, at('2027-03-10T05:00:00Z'))!.phase).toBe('seeding');
    expect(selectScene(config, shopper, at('2027-03-15T12:59:59Z'))!.phase).toBe('seeding'); // EDT, UTC−4
    expect(selectScene(config, shopper, at('2027-03-15T13:00:00Z'))!.phase).toBe('harvest');
  });

  it('tells the next boundary and phase, for the countdown', () => {
    const active = selectScene(spring, shopper, at('2027-01-30T00:00:00Z'))!;
    expect(active).toMatchObject({ phase: 'growing', nextPhase: 'harvest', nextBoundary: at('2027-02-01T12:00:00Z'), phaseStart: at('2027-01-21T16:00:00Z') });
    const last = selectScene(spring, shopper, at('2027-02-10T00:00:00Z'))!;
    expect(last).toMatchObject({ phase: 'nurture', nextPhase: null, nextBoundary: at('2027-02-19T16:00:00Z') });
  });
});

describe('selectScene: which scene and which floors', () => {
  const feb = at('2027-02-10T12:00:00Z');

  it('picks the higher priority of overlapping scenes when its audience matches', () => {
    const couple = createProfile({ createdAt: 0, traits: { lifeStage: 'couple' } });
    expect(selectScene(both, couple, feb)!.scene.id).toBe('valentines-2027');
  });

  it('falls back to the next scene on an audience mismatch', () => {
    const family = createProfile({ createdAt: 0, traits: { lifeStage: 'family' } });
    expect(selectScene(both, family, feb)!.scene.id).toBe('spring-festival-2027');
    expect(selectScene(both, shopper, feb)!.scene.id).toBe('spring-festival-2027');
  });

  it('returns null when no scene is active', () => {
    expect(selectScene(both, shopper, at('2026-12-01T00:00:00Z'))).toBeNull();
    expect(selectScene(load('valentines'), shopper, feb)).toBeNull(); // active, but not for this audience
  });

  it('hides floors whose audience does not match (no shopping guide for under-18s)', () => {
    const teen = createProfile({ createdAt: 0, traits: { ageBand: 'under-18' } });
    const adult = createProfile({ createdAt: 0, traits: { ageBand: '35-44' } });
    expect(selectScene(spring, teen, feb)!.floors.map((f) => f.id)).not.toContain('shopping-guide');
    expect(selectScene(spring, adult, feb)!.floors.map((f) => f.id)).toContain('shopping-guide');
  });

  it('orders floors by the shopper’s interest, keeping pinned floors in place', () => {
    let fan = createProfile({ createdAt: 0 });
    fan = reduceProfile(fan, event({ name: 'add_to_cart', items: [{ item_id: 'sofa', item_category: 'Home', item_category2: 'Furniture' }] }, feb), feb);
    const ids = selectScene(spring, fan, feb)!.floors.map((f) => f.id);
    expect(ids[0]).toBe('new-year-goods'); // pinned first
    expect(ids[1]).toBe('renew-home'); // the furniture floor moved up
    expect(ids.slice(2)).toEqual(['gifts-for-family', 'eve-dinner', 'group-buy', 'live', 'travel-home', 'shopping-guide']); // the rest keep their order
  });
});

describe('localize', () => {
  it('picks the locale, then the language, then English, then anything', () => {
    const title = { en: 'Gifts', 'zh-CN': '礼品' };
    expect(localize(title, 'zh-CN')).toBe('礼品');
    expect(localize(title, 'zh')).toBe('礼品');
    expect(localize(title, 'fr')).toBe('Gifts');
    expect(localize('Plain', 'zh-CN')).toBe('Plain');
  });
});
