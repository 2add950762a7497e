// Group buying, live streams and share attribution on a venue (#12), on the demo's Spring Festival
// with the demo catalog, through the real SDK (in-memory IndexedDB), not a stand-in.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { staticAdapter } from '../adapters/static-adapter.ts';
import { createShopscene, type Shopscene } from '../create-shopscene.ts';
import type { ShopEvent } from '../events/event-schema.ts';
import { parseSceneConfig } from '../scenes/parse-scene-config.ts';
import { linkReferral, referralCode } from '../tracker/share-link.ts';
import { createCampaignFloors } from './campaign-floors.ts';
import { createVenueModel } from './venue-model.ts';

const catalog = JSON.parse(readFileSync(join(process.cwd(), 'demo/public/generated/catalog.json'), 'utf8'));
const parsed = parseSceneConfig(JSON.parse(readFileSync(join(process.cwd(), 'demo/public/scenes/spring-festival.json'), 'utf8')));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const scenes = parsed.value;

let opened = 0;
/** The SDK at `time`, a venue model on it (started) and its campaign floors; every event it tracks. */
async function venueAt(time: string, consent: 'granted' | 'pending' = 'granted') {
  const sdk = createShopscene({ adapter: staticAdapter({ catalog }), scenes, consent, dbName: `campaign-${opened++}`, now: () => Date.parse(time) });
  const events: ShopEvent[] = [];
  sdk.onEvent((e) => events.push(e));
  const model = createVenueModel(sdk);
  await model.start();
  const campaign = createCampaignFloors(sdk, model);
  const floor = (id: string) => model.floors.peek().find((f) => f.floor.id === id)!;
  return { sdk, model, campaign, floor, events };
}
const HARVEST = '2027-02-01T20:00+08:00';

afterEach(() => vi.unstubAllGlobals());

describe('group-buy floors', () => {
  it('deal: the floor’s discount, size and close time (in the scene’s zone); a backend’s live numbers win, unusable ones are ignored', async () => {
    const { campaign, floor, model } = await venueAt(HARVEST);
    const groupBuy = floor('group-buy');
    expect(groupBuy.items.length).toBeGreaterThan(0);
    const item = groupBuy.items[0]!;
    expect(campaign.deal(groupBuy.floor, item)).toEqual({
      price: Math.round(item.product.price * 0.8 * 100) / 100,
      size: 3,
      joined: 0,
      endsAt: Date.parse('2027-02-06T00:00+08:00'),
    });
    const live = { ...item, product: { ...item.product, group: { price: 9.9, size: 5, joined: 7, endsAt: 1_900_000_000_000 } } };
    expect(campaign.deal(groupBuy.floor, live)).toEqual({ price: 9.9, size: 5, joined: 4, endsAt: 1_900_000_000_000 }); // an open group is never full
    const broken = { ...item, product: { ...item.product, group: { price: -1, size: Number.NaN, joined: 'two', endsAt: Infinity } as never } };
    expect(campaign.deal(groupBuy.floor, broken)).toEqual(campaign.deal(groupBuy.floor, item));
    model.dispose();
  });

  it('every kind of unusable live number counts as missing, with one warning naming the product and field; beyond the Date range the group never closes', async () => {
    const { campaign, floor, model } = await venueAt(HARVEST);
    const groupBuy = floor('group-buy');
    const item = groupBuy.items[0]!;
    const fromConfig = campaign.deal(groupBuy.floor, item);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const BAD = [Number.NaN, Infinity, -Infinity, -1, 9007199254740991, 1e16, '1e9', '12', null, {}];
    for (const [i, bad] of BAD.entries()) {
      for (const field of ['price', 'size', 'joined', 'endsAt'] as const) {
        const id = `bad-${i}-${field}`;
        const product = { ...item.product, id, group: { [field]: bad } as never };
        const deal = campaign.deal(groupBuy.floor, { ...item, product });
        const beyond = field === 'endsAt' && Number.isFinite(bad) && (bad as number) > 8.64e15;
        expect(deal, `${field}: ${String(bad)}`).toEqual({ ...fromConfig, ...(beyond ? { endsAt: Infinity } : {}) });
        campaign.deal(groupBuy.floor, { ...item, product }); // asked again (every second): no second warning
        const named = warn.mock.calls.flat().filter((m) => String(m).includes(`product ${id}: group.${field}`));
        expect(named, `${field}: ${String(bad)}`).toHaveLength(1);
      }
    }
    // 1e9 ms is a real (if long past) instant: the group is shown closed, not broken.
    const past = campaign.deal(groupBuy.floor, { ...item, product: { ...item.product, group: { endsAt: 1e9, size: 1e9 } } });
    expect(past).toMatchObject({ endsAt: 1e9 });
    expect(past.size).toBeGreaterThanOrEqual(2);
    warn.mockRestore();
    model.dispose();
  });

  it('joining: select_promotion first; without a handler it is unavailable (with a warning); the host’s yes counts the shopper in', async () => {
    const { sdk, campaign, floor, model, events } = await venueAt(HARVEST);
    const groupBuy = floor('group-buy');
    const [first, second] = groupBuy.items;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await campaign.joinGroup('group-buy', first!, 0);
    expect(campaign.groups.peek().get(`group-buy:${first!.product.id}`)).toBe('unavailable');
    expect(warn.mock.calls.flat().join(' ')).toMatch(/onGroup/);
    warn.mockRestore();

    const asked: unknown[] = [];
    (sdk as Shopscene).onGroup = (group) => (asked.push(group), true);
    await campaign.joinGroup('group-buy', second!, 1);
    expect(asked).toEqual([expect.objectContaining({ id: second!.product.id, scene: 'spring-festival-2027', floor: 'group-buy', action: 'start', size: 3, joined: 0 })]);
    expect(campaign.groups.peek().get(`group-buy:${second!.product.id}`)).toBe('joined');
    expect(campaign.deal(groupBuy.floor, second!).joined).toBe(1);
    await campaign.joinGroup('group-buy', second!, 1); // already in: not asked again
    expect(asked).toHaveLength(1);

    (sdk as Shopscene).onGroup = () => Promise.reject(new Error('the store said no'));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await campaign.joinGroup('group-buy', groupBuy.items[2]!, 2);
    expect(campaign.groups.peek().get(`group-buy:${groupBuy.items[2]!.product.id}`)).toBe('error');

    await sdk.flush();
    const promotions = events.filter((e) => e.name === 'select_promotion' && e.creative_name === 'group-buy');
    expect(promotions).toHaveLength(3);
    expect(promotions[1]!.items![0]).toMatchObject({ item_id: second!.product.id, price: campaign.deal(groupBuy.floor, second!).price });
    model.dispose();
  });
});

describe('live floors', () => {
  it('each stream is upcoming, live, replay or ended by its times in the scene’s time zone', async () => {
    const states = async (time: string) => {
      const { campaign, floor, model } = await venueAt(time);
      const live = floor('live').floor;
      const out = Object.fromEntries(live.streams!.map((s) => [s.id, campaign.stream(s).state]));
      model.dispose();
      return out;
    };
    // Beijing time: the tea tasting was on 25 Jan (with a replay), the dumplings are on now, the gift ideas come on 3 Feb.
    expect(await states(HARVEST)).toEqual({ 'tea-tasting': 'replay', dumplings: 'live', 'gift-ideas': 'upcoming' });
    expect(await states('2027-02-01T19:29+08:00')).toMatchObject({ dumplings: 'upcoming' });
    expect(await states('2027-02-01T14:30Z')).toMatchObject({ dumplings: 'ended' }); // 22:30 in Beijing: its end
    expect(await states('2027-02-03T12:30Z')).toMatchObject({ dumplings: 'ended', 'gift-ideas': 'live' }); // 20:30 in Beijing; no replay
    expect(await states('2027-02-04T12:00+08:00')).toMatchObject({ 'gift-ideas': 'ended' });
  });

  it('a live floor of streams alone loads no products', async () => {
    const config = structuredClone(scenes);
    const live = config.scenes[0]!.floors.find((f) => f.id === 'live')!;
    delete live.source;
    const sdk = createShopscene({ adapter: staticAdapter({ catalog }), scenes: config, consent: 'granted', dbName: `campaign-${opened++}`, now: () => Date.parse(HARVEST) });
    const model = createVenueModel(sdk);
    await model.start();
    expect(model.floors.peek().find((f) => f.floor.id === 'live')).toMatchObject({ status: 'ready', items: [] });
    model.dispose();
  });
});

describe('sharing', () => {
  it('tags the link with UTM and, with consent, the referrer code; the share event carries the item (AIPL advocacy)', async () => {
    const { sdk, model, floor, events } = await venueAt(HARVEST);
    const shared: ShareData[] = [];
    vi.stubGlobal('navigator', { share: async (data: ShareData) => void shared.push(data) });
    const item = floor('gifts-for-family').items[0]!;
    const result = await model.share('gifts-for-family', { item });
    expect(result.outcome).toBe('shared');
    const code = referralCode(sdk.profile.peek().anonymousId);
    expect(linkReferral(result.url)).toEqual({ referral: code, utm_source: 'shopscene', utm_medium: 'share', utm_campaign: 'spring-festival-2027', utm_content: item.product.id });
    expect(new URL(result.url).pathname).toBe(new URL(item.product.url, 'http://x').pathname);
    expect(shared).toEqual([{ title: item.product.title, url: result.url }]);
    await sdk.flush();
    const share = events.find((e) => e.name === 'share')!;
    expect(share).toMatchObject({ method: 'web_share', content_type: 'product', referral: code, items: [expect.objectContaining({ item_id: item.product.id })] });
    model.dispose();
  });

  it('falls back to the clipboard; a cancelled share sheet tracks nothing; without consent the link has no referrer code', async () => {
    const { sdk, model, floor, events } = await venueAt(HARVEST, 'pending');
    const copied: string[] = [];
    vi.stubGlobal('navigator', { clipboard: { writeText: async (text: string) => void copied.push(text) } });
    const item = floor('gifts-for-family').items[0]!;
    const result = await model.share('gifts-for-family', { item });
    expect(result.outcome).toBe('copied');
    expect(copied).toEqual([result.url]);
    expect(linkReferral(result.url).referral).toBeUndefined();
    expect(linkReferral(result.url).utm_medium).toBe('share');

    vi.stubGlobal('navigator', { share: () => Promise.reject(Object.assign(new Error('cancelled'), { name: 'AbortError' })) });
    expect((await model.share('gifts-for-family', { item })).outcome).toBe('cancelled');
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new Error('not allowed')) } });
    const failed = await model.share('gifts-for-family', { item });
    expect(failed.outcome).toBe('failed');
    expect(linkReferral(failed.url).utm_content).toBe(item.product.id); // the link to show, to copy by hand
    await sdk.flush();
    expect(events.filter((e) => e.name === 'share')).toHaveLength(1);
    model.dispose();
  });
});
