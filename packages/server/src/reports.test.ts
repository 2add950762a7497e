// What each scene earned (#20): the refresh job's rollups and the reports read from them agree with
// counts computed here, independently, from the same events — experiment shoppers per variation (a
// shopper's devices and replayed batches never counted twice), campaign counts (coupons, group buys,
// live clicks, shares → landings → referred orders), and shopper flow (AIPL stages and moves, RFM
// tiers, FAST) — on PGlite and on PostgreSQL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AIPL_STAGES, aiplStages, createProfile, reduceProfile, rfmSegment, sceneTimeline, type AiplStage, type ShopEvent } from '@shopscene/core';
import { prng } from '../../../scripts/synthetic-log.mjs';
import type { Db } from './db/database.ts';
import { snapshotTimes } from './learn/report-rollups.ts';
import { DATABASES, testDatabase } from './test-support/databases.ts';
import { admin, postEvents, shopEvent, testApp } from './test-support/harness.ts';
import type { NewStore } from './stores.ts';
import type { ServerContext } from './context.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SCENE = 'spring-festival-2027';
/** The demo's spring festival, split into two versions of its venue. */
const CONFIG = (() => {
  const config = JSON.parse(readFileSync(join(process.cwd(), 'demo/public/scenes/spring-festival.json'), 'utf8'));
  config.scenes[0].variants = [
    { id: 'classic', weight: 1 },
    { id: 'bold', weight: 1, title: { en: 'Spring Festival: everything half price', 'zh-CN': '年货节：全场五折' } },
  ];
  return config;
})();
const timeline = sceneTimeline(CONFIG.scenes[0]);
/** The refresh runs in the nurture phase; the shoppers came during the scene. */
const NOW = timeline.phases.find((p) => p.phase === 'nurture')!.start + 3 * DAY;
const BRANDS = ['Xinhe', 'Lotus', 'Pine'];

/** A store's events, with what each shopper is (for the counts done here). */
function history() {
  const random = prng(20);
  const events: ShopEvent[] = [];
  const start = timeline.start + HOUR;
  let t = start;
  const tick = () => (t += Math.floor(random() * 40 * 60_000) + 60_000);
  const at = (fields: Record<string, unknown>) => {
    const event = shopEvent({ time: tick(), ...fields }) as unknown as ShopEvent;
    events.push(event);
    return event;
  };
  const promo = (floor: string) => ({ promotion_id: `${SCENE}:${floor}`, creative_slot: floor });
  for (let i = 0; i < 60; i++) {
    const device = `dev-${i}`;
    const second = i % 10 === 0 ? `dev-${i}-phone` : undefined; // signed in on two devices
    const user = second ? { user_id: `customer-${i}` } : {};
    const id = (d: string) => ({ anonymous_id: d, session_id: `${d}-s`, ...user });
    const variant = i % 2 ? 'bold' : 'classic';
    at({ name: 'page_view', ...id(device) });
    at({ name: 'experiment_exposure', experiment_id: SCENE, variant_id: variant, ...id(device) });
    // The phone was assigned on its own: a few saw the other version.
    if (second) at({ name: 'experiment_exposure', experiment_id: SCENE, variant_id: i % 20 ? variant : variant === 'bold' ? 'classic' : 'bold', ...id(second) });
    at({ name: 'view_promotion', ...promo('new-year-goods'), ...id(device) });
    const brand = BRANDS[i % 3]!;
    const item = { item_id: `p${i % 7}`, item_brand: brand, price: 20 };
    at({ name: 'view_item', items: [item], ...id(device) });
    if (i % 3 === 0) at({ name: 'select_item', item_list_id: 'floor:new-year-goods', items: [{ ...item, item_list_id: 'floor:new-year-goods' }], ...id(device) });
    if (i % 4 === 0) at({ name: 'select_promotion', ...promo('new-year-goods'), promotion_id: 'cny-groceries-20', promotion_name: '$20 off', ...id(device) });
    if (i % 5 === 0) at({ name: 'select_promotion', ...promo('group-buy'), creative_name: 'group-buy', group_size: 3, group_joined: i % 3, items: [item], ...id(device) });
    if (i % 6 === 0) at({ name: 'select_promotion', ...promo('live'), promotion_id: `${SCENE}:live:kitchen-live`, creative_name: 'live', ...id(device) });
    if (i % 2 || i % 7 === 0) at({ name: 'add_to_cart', items: [item], ...id(second ?? device) });
    if (i % 3 !== 2) {
      const order = { name: 'purchase', transaction_id: `T-${i}`, value: 20 + (i % 5) * 10, currency: 'USD', items: [item] };
      at({ ...order, ...id(device) });
      // The same order sent again from the other device (a retry, a second tab): one order.
      if (second) at({ ...order, ...id(second) });
      if (i % 4 === 1) at({ name: 'purchase', transaction_id: `T-${i}-again`, value: 15, currency: 'USD', items: [item], ...id(device) });
    }
    if (i % 8 === 0) {
      // A share, and a friend who lands through it and buys.
      const referral = `ref${i}`;
      at({ name: 'share', method: 'copy_link', content_type: 'floor', utm_campaign: SCENE, referral, ...id(device) });
      const friend = `friend-${i}`;
      at({ name: 'page_view', referral, utm_source: 'shopscene', utm_medium: 'share', utm_campaign: SCENE, anonymous_id: friend, session_id: `${friend}-s` });
      if (i % 16 === 0) at({ name: 'purchase', transaction_id: `F-${i}`, value: 99, currency: 'USD', items: [item], anonymous_id: friend, session_id: `${friend}-s` });
    }
  }
  return events;
}

/** The shopper an event is (a user_id seen on any event of its device wins). */
function unitsOf(events: ShopEvent[]) {
  const user = new Map<string, string>();
  for (const e of [...events].sort((a, b) => a.time - b.time)) {
    const id = (e as { user_id?: string }).user_id;
    if (id && !user.has(e.anonymous_id)) user.set(e.anonymous_id, id);
  }
  return (e: ShopEvent) => user.get(e.anonymous_id) ?? e.anonymous_id;
}

describe.each(DATABASES)('reports on %s', (kind) => {
  let db: Db;
  let app: FastifyInstance;
  let ctx: ServerContext;
  let store: NewStore;
  const events = history();
  const unit = unitsOf(events);
  const get = (url: string) => admin(app, store, 'GET', url);

  beforeAll(async () => {
    db = await testDatabase(kind);
    const t = await testApp(db, { now: () => NOW, refresh: { fit: false } });
    ({ app, ctx } = t);
    store = await t.store();
    expect((await admin(app, store, 'PUT', '/v1/admin/scenes', JSON.stringify(CONFIG))).statusCode).toBe(200);
    // Sent in batches; every batch twice (a retry after a lost answer): stored once.
    for (let i = 0; i < events.length; i += 25) {
      const batch = events.slice(i, i + 25);
      for (let k = 0; k < 2; k++) expect((await postEvents(app, store.writeKey, batch, { sent_at: NOW })).statusCode).toBe(200);
    }
    const refresh = await ctx.refresh(store.id);
    expect(refresh).toMatchObject({ status: 'done', reports: { experimentShoppers: expect.any(Number) } });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('experiment: shoppers per variation counted once each (devices merged by user_id, replays and resent orders once), metrics only after exposure', async () => {
    // Independently: each shopper's first exposure decides; orders once by transaction id.
    const first = new Map<string, { variant: string; time: number }>();
    for (const e of [...events].sort((a, b) => a.time - b.time)) if (e.name === 'experiment_exposure' && !first.has(unit(e))) first.set(unit(e), { variant: e.variant_id!, time: e.time });
    const expected: Record<string, { shoppers: number; converted: Set<string>; revenue: number; carted: Set<string> }> = {
      classic: { shoppers: 0, converted: new Set(), revenue: 0, carted: new Set() },
      bold: { shoppers: 0, converted: new Set(), revenue: 0, carted: new Set() },
    };
    for (const { variant } of first.values()) expected[variant]!.shoppers++;
    const orders = new Set<string>();
    for (const e of [...events].sort((a, b) => a.time - b.time)) {
      const f = first.get(unit(e));
      if (!f || e.time < f.time) continue;
      if (e.name === 'add_to_cart') expected[f.variant]!.carted.add(unit(e));
      if (e.name === 'purchase' && !orders.has(e.transaction_id!)) {
        orders.add(e.transaction_id!);
        expected[f.variant]!.converted.add(unit(e));
        expected[f.variant]!.revenue += e.value!;
      }
    }
    const r = await get(`/v1/reports/experiments/${SCENE}`);
    expect(r.statusCode).toBe(200);
    const report = r.json();
    expect(report.control).toBe('classic');
    for (const v of report.variations as { id: string; shoppers: number; metrics: Record<"conversion" | "addToCart" | "revenue", { mean: number; count: number }> }[]) {
      const e = expected[v.id]!;
      expect(v.shoppers, v.id).toBe(e.shoppers);
      expect(v.metrics.conversion.count, v.id).toBe(e.converted.size);
      expect(v.metrics.addToCart.count, v.id).toBe(e.carted.size);
      expect(v.metrics.revenue.mean * v.shoppers, v.id).toBeCloseTo(e.revenue, 6);
    }
    expect(report.variations.reduce((a: number, v: { shoppers: number }) => a + v.shoppers, 0)).toBe(60); // the friends saw no test
    // Few shoppers: the figures show, the calls wait.
    expect(report.status).toBe('ok');
    expect(report.results.find((x: { metric: string }) => x.metric === 'conversion').enoughData).toBe(false);
    // Two shoppers were shown both versions on their two devices.
    expect(report.variations.reduce((a: number, v: { multipleVariants: number }) => a + v.multipleVariants, 0)).toBe(3);
    const csv = await get(`/v1/reports/experiments/${SCENE}?format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toMatch(/^variant,metric,shoppers,/);
    expect((await get('/v1/reports/experiments')).json().experiments).toEqual([expect.objectContaining({ id: SCENE, shoppers: 60, configured: true })]);
  });

  it('campaign: coupons, group buys, live clicks, shares → landings → referred orders, and orders after a venue view agree with counts done here', async () => {
    const inScene = (e: ShopEvent) => e.time >= timeline.start && e.time < timeline.end;
    const count = (pick: (e: ShopEvent) => boolean) => {
      const picked = events.filter((e) => inScene(e) && pick(e));
      return { events: picked.length, shoppers: new Set(picked.map(unit)).size };
    };
    const report = (await get(`/v1/reports/campaigns/${SCENE}`)).json();
    const whole = report.phases['*'];
    expect(whole.floor_view).toMatchObject(count((e) => e.name === 'view_promotion'));
    expect(whole.floor_click).toMatchObject(count((e) => e.name === 'select_item' && e.item_list_id === 'floor:new-year-goods'));
    expect(whole.coupon).toMatchObject(count((e) => e.promotion_id === 'cny-groceries-20'));
    expect(whole.group_start).toMatchObject(count((e) => e.creative_name === 'group-buy' && e.group_joined === 0));
    expect(whole.group_join).toMatchObject(count((e) => e.creative_name === 'group-buy' && e.group_joined! > 0));
    expect(whole.group_fill).toMatchObject(count((e) => e.creative_name === 'group-buy' && e.group_joined! + 1 >= e.group_size!));
    expect(whole.live_click).toMatchObject(count((e) => e.creative_name === 'live'));
    expect(report.byKey.live_click).toEqual([expect.objectContaining({ key: 'kitchen-live' })]);
    expect(whole.share).toMatchObject(count((e) => e.name === 'share'));
    expect(whole.landing).toMatchObject(count((e) => e.name === 'page_view' && !!e.referral));
    // Word of mouth: the friends' orders, each to the sharer's code.
    const referred = events.filter((e) => e.name === 'purchase' && e.anonymous_id.startsWith('friend-'));
    expect(whole.referred_order).toEqual({ events: referred.length, shoppers: referred.length, value: referred.reduce((a, e) => a + e.value!, 0) });
    expect(report.byKey.referred_order.map((r: { key: string }) => r.key).sort()).toEqual(referred.map((e) => `ref${e.anonymous_id.slice(7)}`).sort());
    // Orders after seeing the venue, each order once.
    const viewed = new Map<string, number>();
    for (const e of events) if (e.name === 'view_promotion') viewed.set(unit(e), Math.min(viewed.get(unit(e)) ?? Infinity, e.time));
    const counted = new Set<string>();
    let revenue = 0;
    for (const e of [...events].sort((a, b) => a.time - b.time)) {
      if (e.name !== 'purchase' || counted.has(e.transaction_id!) || !(e.time >= (viewed.get(unit(e)) ?? Infinity))) continue;
      counted.add(e.transaction_id!);
      revenue += e.value!;
    }
    expect(whole.venue_order.events).toBe(counted.size);
    expect(whole.venue_order.value).toBeCloseTo(revenue, 6);
    // By phase: they add up to the whole.
    const phases = timeline.phases.map((p) => p.phase);
    expect(phases.reduce((a, p) => a + (report.phases[p]?.floor_view.events ?? 0), 0)).toBe(whole.floor_view.events);
    expect(report.daily.reduce((a: number, d: { counts: { floor_view?: number } }) => a + (d.counts.floor_view ?? 0), 0)).toBe(whole.floor_view.events);
  });

  it('shopper flow: AIPL stages per brand, their moves, RFM tiers and FAST agree with each shopper replayed here through the SDK\'s own profile', async () => {
    const ats = snapshotTimes(NOW);
    const byUnit = new Map<string, ShopEvent[]>();
    for (const e of events) byUnit.set(unit(e), [...(byUnit.get(unit(e)) ?? []), e]);
    const stageCounts = new Map<string, number>();
    const rfm = new Map<string, number>();
    const fast = new Map<string, { f: number; a: number; s: number; t: number }>();
    const last = ats.at(-1)!;
    for (const list of byUnit.values()) {
      list.sort((a, b) => a.time - b.time);
      let before: Record<string, AiplStage> = {};
      for (const [k, at] of ats.entries()) {
        const sofar = list.filter((e) => e.time <= at);
        if (!sofar.length) continue;
        const profile = sofar.reduce((p, e) => reduceProfile(p, e, e.time), createProfile({ createdAt: sofar[0]!.time }));
        const stages = Object.fromEntries(Object.entries(aiplStages(profile, at)).filter(([key]) => key.startsWith('brand:')).map(([key, s]) => [key.slice(6), s]));
        const tier = rfmSegment(profile, {}, at);
        if (at === last) rfm.set(tier.segment, (rfm.get(tier.segment) ?? 0) + 1);
        for (const brand of BRANDS) {
          const stage = stages[brand] ?? 'none';
          const was = before[brand] ?? 'none';
          if (at === last && stage !== 'none') stageCounts.set(`${brand}:${stage}`, (stageCounts.get(`${brand}:${stage}`) ?? 0) + 1);
          if (at !== last) continue;
          const f = fast.get(brand) ?? { f: 0, a: 0, s: 0, t: 0 };
          if (stage !== 'none') f.f++;
          if (k > 0 && stage !== 'none' && AIPL_STAGES.indexOf(stage) > AIPL_STAGES.indexOf(was)) f.a++;
          if (stage === 'loyalty' && tier.scores.m >= 3) (f.s++, list.some((e) => e.time > ats[k - 1]! && e.time <= at) && f.t++);
          fast.set(brand, f);
        }
        before = stages;
      }
    }
    const report = (await get('/v1/reports/shoppers')).json();
    expect(report.snapshots).toEqual(ats.filter((at) => events.some((e) => e.time <= at)));
    for (const brand of BRANDS) {
      const latest = report.aipl[brand].at(-1).stages;
      for (const stage of ['awareness', 'interest', 'purchase', 'loyalty']) expect(latest[stage], `${brand} ${stage}`).toBe(stageCounts.get(`${brand}:${stage}`) ?? 0);
      const f = report.fast[brand].at(-1);
      const e = fast.get(brand)!;
      expect({ reachable: f.reachable, superUsers: f.superUsers }).toEqual({ reachable: e.f, superUsers: e.s });
      expect(f.advancing).toBeCloseTo(e.f ? e.a / e.f : 0, 10);
      expect(f.thriving).toBeCloseTo(e.s ? e.t / e.s : 0, 10);
    }
    expect(report.rfm.at(-1).segments).toEqual(Object.fromEntries(rfm));
    // The moves into the latest snapshot, per brand: each shopper with the brand once.
    for (const brand of BRANDS) {
      const moved = report.flows[brand].reduce((a: number, f: { shoppers: number }) => a + f.shoppers, 0);
      expect(moved).toBeGreaterThan(0);
    }
  });
});
