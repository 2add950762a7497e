import { describe, expect, it, vi } from 'vitest';
import { staticAdapter } from './adapters/static-adapter.ts';
import type { BackendAdapter } from './adapters/types.ts';
import { createShopscene } from './create-shopscene.ts';
import { FeedModel } from './models/feed-model.ts';
import { catalog, product } from './test-support/fixtures.ts';

const NOW = Date.UTC(2026, 10, 1);

describe('recommend', () => {
  it('pages through the whole catalog without repeating an item, then says there is no more', async () => {
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory', now: () => NOW, seed: 3 });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await sdk.recommend({ cursor, limit: 7 });
      seen.push(...page.items.map((i) => i.product.id));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(9); // 60 items / 7 per page
    expect(new Set(seen).size).toBe(60);
    expect(seen).toHaveLength(60);
  });

  it('leaves out an item disliked between pages', async () => {
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory', now: () => NOW, seed: 3 });
    const first = await sdk.recommend({ limit: 5 });
    const rest = (await sdk.recommend({ cursor: first.cursor, limit: 60 })).items.map((i) => i.product.id);
    const sdk2 = createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory', now: () => NOW, seed: 3 });
    const first2 = await sdk2.recommend({ limit: 5 });
    const target = rest[0]!;
    await sdk2.track({ name: 'dislike_item', items: [{ item_id: target }] });
    const rest2 = (await sdk2.recommend({ cursor: first2.cursor, limit: 60 })).items.map((i) => i.product.id);
    expect(rest2).not.toContain(target);
    expect(rest2).toHaveLength(rest.length - 1);
  });

  it('keeps a backend ranking and de-duplicates across its pages', async () => {
    const pages = [
      { items: [product('a', ['X'], 1), product('b', ['X'], 1)], cursor: '2' },
      { items: [product('b', ['X'], 1), product('c', ['X'], 1)], cursor: null },
    ];
    const adapter: BackendAdapter = { candidates: async (r) => ({ ...pages[r.cursor ? 1 : 0]!, ranked: true }) };
    const sdk = createShopscene({ adapter, storage: 'memory' });
    const one = await sdk.recommend({ limit: 2 });
    const two = await sdk.recommend({ cursor: one.cursor, limit: 2 });
    expect(one.items.map((i) => i.product.id)).toEqual(['a', 'b']);
    expect(two.items.map((i) => i.product.id)).toEqual(['c']);
    expect(two.cursor).toBeNull();
  });

  it("ranks with the catalog's fitted ranking block, and what createShopscene is given wins, setting by setting", async () => {
    // A shopper who just looked at "seen"; its related list names "rel"; "pop" is the bestseller.
    const products = [product('seen', [], 1, { related: [['rel', 1]] }), product('rel', [], 1), product('pop', [], 1000), product('other', [], 1)];
    const first = async (catalog: Parameters<typeof staticAdapter>[0]['catalog'], ranking?: Parameters<typeof createShopscene>[0]['ranking']) => {
      const sdk = createShopscene({ adapter: staticAdapter({ catalog }), storage: 'memory', now: () => NOW, seed: 1, ...(ranking ? { ranking } : {}) });
      await sdk.recommend(); // the products known, so the view is filled in
      await sdk.track({ name: 'view_item', items: [{ item_id: 'seen' }] });
      await sdk.flush();
      return (await sdk.recommend({ limit: 4 })).items.map((i) => i.product.id)[0];
    };
    // The defaults: what the shopper looked at, and what goes with it, come before the bestseller.
    expect(['seen', 'rel']).toContain(await first(products));
    // A store whose history says neither helps: only popularity speaks.
    const fitted = { ranking: { weights: { related: 0, reminder: 0 } }, products };
    expect(await first(fitted)).toBe('pop');
    // The page's own setting for related lists wins; the block's reminder (0) still stands.
    expect(await first(fitted, { weights: { related: 4 } })).toBe('rel');
  });

  it("checks the page's own ranking settings: a wrong one is named and its default stands, one left undefined is not given", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const products = [product('seen', ['A'], 1, { related: [['rel', 1]] }), product('rel', ['B'], 1), product('pop', ['C'], 1000), product('other', ['A'], 5)];
    const feed = async (ranking?: Parameters<typeof createShopscene>[0]['ranking']) => {
      const sdk = createShopscene({ adapter: staticAdapter({ catalog: products }), storage: 'memory', now: () => NOW, seed: 1, ...(ranking ? { ranking } : {}) });
      await sdk.recommend();
      await sdk.track({ name: 'view_item', items: [{ item_id: 'seen' }] });
      await sdk.flush();
      return (await sdk.recommend({ limit: 4 })).items.map((i) => [i.product.id, i.score]);
    };
    const defaults = await feed();
    expect(warn).not.toHaveBeenCalled();
    // (Partial<RankWeights> lets TypeScript pass undefined; plain JS pages pass anything.)
    const wrong = { weights: { related: undefined, popularity: 'lots', reminder: -1 }, intent: { window: undefined, decay: Number.NaN }, halfLifeDays: '14', diversity: undefined } as unknown as Parameters<typeof createShopscene>[0]['ranking'];
    expect(await feed(wrong)).toEqual(defaults);
    expect(defaults.every(([, score]) => Number.isFinite(score))).toBe(true);
    const said = warn.mock.calls.map((c) => String(c[0]));
    expect(said).toEqual([
      expect.stringContaining('createShopscene({ ranking }): ranking.weights.popularity, ranking.weights.reminder, ranking.intent.decay ignored'),
      'shopscene: createShopscene({ ranking }): ranking.halfLifeDays (a number from 0.01 to 36,500) ignored; the default stands',
    ]);
    // Weights that are no object at all are named as a whole.
    warn.mockClear();
    expect(await feed({ weights: 'strong' } as never)).toEqual(defaults);
    expect(String(warn.mock.calls[0]![0])).toContain('createShopscene({ ranking }): ranking.weights ignored');
    // Right ones pass without a word.
    warn.mockClear();
    expect(await feed({ diversity: 0, halfLifeDays: 7, weights: { popularity: 0.35 } })).toHaveLength(4);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('checks a recommend() request: a wrong field is named in a warning and left out, the rest still works; one that is no object is a TypeError', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory', now: () => NOW, seed: 3 });
    const ids = async (request: unknown) => (await sdk.recommend(request as Parameters<typeof sdk.recommend>[0])).items.map((i) => i.product.id);
    const plain = await ids({});
    // (A plain JS page may send anything: each of these gave an empty page or threw from deep inside.)
    expect(await ids({ limit: 'ten', placement: 42, sort: 'cheapest' })).toEqual(plain);
    expect(warn).toHaveBeenCalledTimes(1);
    const said = String(warn.mock.calls[0]![0]);
    for (const part of ['limit must be a number (received string ten)', "placement must be text such as 'guess-you-like'", 'sort must be one of personalised, popularity']) expect(said).toContain(part);
    // What is right is kept beside what is left out: a limit of 3 with an exclude that is no array.
    expect(await ids({ limit: 3, exclude: plain[0] })).toHaveLength(3);
    expect(String(warn.mock.calls[1]![0])).toContain(`exclude must be an array of product ids (received string ${plain[0]})`);
    // null is a field not given, as undefined is: no warning.
    warn.mockClear();
    expect(await ids({ limit: null, cursor: null })).toEqual(plain);
    expect(warn).not.toHaveBeenCalled();
    await expect(sdk.recommend('guess-you-like' as never)).rejects.toThrow(/recommend\(\): its request must be an object, such as \{ limit: 12 \} \(received string guess-you-like\)/);
    warn.mockRestore();
  });

  it("checks a custom adapter's products too: unsafe links and bad shapes are skipped by path", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bad = (id: string, url: string) => ({ ...product(id, ['X'], 1), url });
    const items = [product('ok', ['X'], 1), bad('pr', '//evil.example/p'), bad('bs', '/\\evil.example/p'), bad('dot', 'x.javascript:alert(1)'), { id: 'shape' }];
    const adapter = { candidates: async () => ({ items, cursor: null, ranked: true }) } as unknown as BackendAdapter;
    const sdk = createShopscene({ adapter, storage: 'memory' });
    expect((await sdk.recommend()).items.map((i) => i.product.id)).toEqual(['ok']);
    const lines = warn.mock.calls.map((c) => String(c[0])).join('\n');
    for (const where of ['[1] skipped: url', '[2] skipped: url', '[3] skipped: url', '[4] skipped: title']) expect(lines).toContain(`guess-you-like${where}`);
    warn.mockRestore();
  });

  it('fills in what a tracked item left out from the products it knows', async () => {
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: [product('tea', ['Food', 'Tea'], 1, { brand: 'Xinhe' })] }), storage: 'memory' });
    await sdk.recommend();
    const result = await sdk.track({ name: 'view_item', items: [{ item_id: 'tea' }] });
    expect(result.ok && result.event.items![0]).toMatchObject({ item_id: 'tea', item_brand: 'Xinhe', item_category: 'Food', item_category2: 'Tea' });
  });
});

describe('flush', () => {
  it('resolves only once every event tracked before it has been folded into the profile and heard', async () => {
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: [] }), storage: 'memory' });
    await sdk.ready;
    const heard: string[] = [];
    sdk.onEvent((e) => heard.push(e.event_id));
    // A burst bigger than one slice of work: the rest is folded in later tasks.
    for (let i = 0; i < 2000; i++) void sdk.track({ name: 'view_item', items: [{ item_id: `p${i % 50}` }] });
    await sdk.flush();
    expect(heard).toHaveLength(2000);
  });
});

describe('FeedModel', () => {
  it('loads pages, ends, and removes a disliked card while recording the event', async () => {
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: catalog().slice(0, 10) }), storage: 'memory', seed: 1 });
    const events: string[] = [];
    sdk.onEvent((e) => events.push(`${e.name}:${e.items?.map((i) => `${i.item_id}@${i.index}`).join(',')}`));
    const feed = new FeedModel(sdk, { pageSize: 4 });
    expect(feed.status.value).toBe('idle');
    const loading = feed.loadMore();
    expect(feed.status.value).toBe('loading');
    await loading;
    expect(feed.cards.value).toHaveLength(4);
    expect(feed.status.value).toBe('ready');
    await feed.loadMore();
    await feed.loadMore();
    expect(feed.cards.value).toHaveLength(10);
    expect(feed.status.value).toBe('end');
    expect(feed.cards.value.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const victim = feed.cards.value[2]!.product.id;
    feed.dislike(victim);
    feed.select(feed.cards.value[0]!.product.id);
    await sdk.flush();
    expect(feed.cards.value.map((c) => c.product.id)).not.toContain(victim);
    expect(events).toContain(`dislike_item:${victim}@2`);
    expect(events.some((e) => e.startsWith('select_item:') && e.endsWith('@0'))).toBe(true);
    expect(sdk.profile.value.dislikes.map((d) => d.id)).toEqual([victim]);
    feed.dispose();
  });

  it('restores a snapshot on Back: the same cards, indexes and scroll position; later pages repeat none of them', async () => {
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory', now: () => NOW, seed: 2 });
    const first = new FeedModel(sdk, { pageSize: 6 });
    await first.loadMore();
    await first.loadMore();
    first.dislike(first.cards.value[1]!.product.id); // a hole in the indexes, kept as it was
    const snapshot = first.snapshot(1234)!;
    expect(snapshot).toMatchObject({ scrollY: 1234, status: 'ready' });
    first.dispose();

    // The next page of the store (a new SDK instance, as after navigation) restores it from the session.
    const again = createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory', now: () => NOW, seed: 9 });
    const back = new FeedModel(again, { pageSize: 6 });
    back.restore(JSON.parse(JSON.stringify(snapshot)));
    expect(back.cards.value.map((c) => [c.product.id, c.index])).toEqual(snapshot.cards.map((c) => [c.product.id, c.index]));
    expect(back.status.value).toBe('ready');
    await back.loadMore();
    const shown = snapshot.cards.map((c) => c.product.id);
    const more = back.cards.value.slice(snapshot.cards.length);
    expect(more).toHaveLength(6);
    expect(more.filter((c) => shown.includes(c.product.id))).toEqual([]);
    expect(more.map((c) => c.index)).toEqual([12, 13, 14, 15, 16, 17]);
    back.dispose();

    // Without consent to storage there is nothing to come back to.
    const pending = createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory', consent: 'pending' });
    const feed = new FeedModel(pending, {});
    await feed.loadMore();
    expect(feed.snapshot(0)).toBeNull();
    feed.dispose();
  });

  it('shows an error state with the reason, and recovers on retry', async () => {
    let fail = true;
    const sdk = createShopscene({
      adapter: { candidates: async () => { if (fail) throw new Error('backend down'); return { items: [product('a', ['X'], 1)], cursor: null }; } },
      storage: 'memory',
    });
    const feed = new FeedModel(sdk, {});
    const warn = console.warn;
    console.warn = () => {};
    await feed.loadMore();
    console.warn = warn;
    expect(feed.status.value).toBe('error');
    expect(feed.error.value).toBe('backend down');
    fail = false;
    await feed.loadMore();
    expect(feed.status.value).toBe('end');
    expect(feed.cards.value).toHaveLength(1);
  });
});

describe('scenes in the SDK', () => {
  const config = {
    themes: { t: { colors: { primary: '#f00', background: '#fff', text: '#000' } } },
    scenes: [
      {
        id: 'shoe-week',
        title: 'Shoe week',
        theme: 't',
        boost: 0.5,
        schedule: { start: '2026-10-25', end: '2026-11-05', timeZone: 'UTC' },
        floors: [{ id: 'shoes', title: 'Shoes', source: { categories: ['Shoes'] } }],
      },
    ],
  };

  it('mixes the active scene’s categories into the home waterfall, and stops when it ends', async () => {
    const during = createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory', now: () => NOW, seed: 1, scenes: config });
    const page = await during.recommend({ limit: 10 });
    const shoes = page.items.filter((i) => i.product.categories[1] === 'Shoes');
    expect(shoes.length).toBeGreaterThanOrEqual(6);
    expect(shoes[0]!.reason).toBe('For Shoe week');
    expect(during.activeScene()).toMatchObject({ scene: { id: 'shoe-week' }, phase: 'seeding' });

    const after = createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory', now: () => NOW + 10 * 86_400_000, seed: 1, scenes: config });
    const later = await after.recommend({ limit: 10 });
    expect(later.items.filter((i) => i.product.categories[1] === 'Shoes').length).toBeLessThan(6);
    expect(after.activeScene()).toBeNull();
  });

  it('ignores an invalid config with one warning naming the path, and keeps recommending', async () => {
    const warn = console.warn;
    const lines: string[] = [];
    console.warn = (line: string) => lines.push(line);
    const broken = structuredClone(config) as { scenes: { theme: string }[] };
    broken.scenes[0]!.theme = 'missing';
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory', now: () => NOW, scenes: broken });
    const page = await sdk.recommend({ limit: 5 });
    console.warn = warn;
    expect(page.items).toHaveLength(5);
    expect(lines.join('\n')).toContain('scenes[0].theme: unknown theme "missing"; defined: t');
    expect(sdk.diagnostics().scenes).toBe('invalid');
  });

  it('sorts a floor by price or popularity when the config asks', async () => {
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: catalog().map((p, i) => ({ ...p, price: 100 - i })) }), storage: 'memory' });
    const cheap = await sdk.recommend({ placement: 'floor:x', sort: 'price-asc', limit: 3, filter: { categories: ['Shoes'] } });
    expect(cheap.items.map((i) => i.product.price)).toEqual([41, 44, 47]); // shoes are p2, p5, … p59
    const popular = await sdk.recommend({ placement: 'floor:y', sort: 'popularity', limit: 2 });
    expect(popular.items.map((i) => i.product.id)).toEqual(['p0', 'p1']);
  });
});

describe('what a backend is told', () => {
  it('tells a backend that ranks a profile summary with consent, and nothing of the profile without it', async () => {
    const seen: unknown[] = [];
    const adapter: BackendAdapter = { rankedByBackend: true, candidates: async (r) => (seen.push(r.profile), { items: [], cursor: null }) };
    const granted = createShopscene({ adapter, storage: 'memory', now: () => NOW });
    await granted.identify({ ageBand: '25-34' });
    await granted.track({ name: 'purchase', transaction_id: 'T1', value: 30, items: [{ item_id: 'tea', item_brand: 'Xinhe', item_category: 'Tea' }] });
    await granted.recommend();
    expect(seen[0]).toEqual({
      interests: { Tea: 4 }, // a purchase weighs 4
      rfmSegment: 'general-development',
      aipl: { 'brand:Xinhe': 'purchase', 'category:Tea': 'purchase' },
      traits: { ageBand: '25-34' },
    });
    const pending = createShopscene({ adapter, storage: 'memory', consent: 'pending', now: () => NOW });
    await pending.track({ name: 'view_item', items: [{ item_id: 'tea' }] });
    await pending.recommend();
    expect(seen[1]).toBeUndefined();
    // A catalog ranked here is told nothing: the summary would only cost time.
    const local = createShopscene({ adapter: { candidates: async (r) => (seen.push(r.profile), { items: [], cursor: null }) }, storage: 'memory', now: () => NOW });
    await local.recommend();
    expect(seen).toHaveLength(3);
    expect(seen[2]).toBeUndefined();
  });
});

describe('event delivery', () => {
  /** An adapter with a backend in memory: the static catalog, and every batch it was sent. */
  const withBackend = () => {
    const batches: { ids: string[]; beacon: boolean }[] = [];
    const adapter: BackendAdapter = {
      ...staticAdapter({ catalog: catalog() }),
      async sendEvents(batch, { beacon }) {
        batches.push({ ids: batch.map((e) => e.event_id), beacon });
      },
    };
    return { adapter, batches };
  };

  it('sends every tracked event through the adapter, once, and reports it in diagnostics', async () => {
    const { adapter, batches } = withBackend();
    const sdk = createShopscene({ adapter, storage: 'memory', delivery: { flushIntervalMs: 10 } });
    const results = await Promise.all([1, 2, 3].map((i) => sdk.track({ name: 'view_item', items: [{ item_id: `p${i}` }] })));
    const ids = results.map((r) => (r.ok ? r.event.event_id : ''));
    await sdk.flush();
    expect(batches.flatMap((b) => b.ids)).toEqual(expect.arrayContaining(ids));
    expect(new Set(batches.flatMap((b) => b.ids)).size).toBe(batches.flatMap((b) => b.ids).length);
    expect(sdk.diagnostics().delivery).toMatchObject({ storage: 'memory', queued: 0, dropped: 0 });
    expect(sdk.diagnostics().delivery!.delivered).toBeGreaterThanOrEqual(3);
  });

  it('has nothing to deliver with the static adapter, and sends nothing in a preview', async () => {
    expect(createShopscene({ adapter: staticAdapter({ catalog: catalog() }), storage: 'memory' }).diagnostics().delivery).toBeNull();
    const { adapter, batches } = withBackend();
    const preview = createShopscene({ adapter, storage: 'memory', preview: { time: NOW } });
    await preview.track({ name: 'view_item', items: [{ item_id: 'p1' }] });
    await preview.flush();
    expect(preview.diagnostics().delivery).toBeNull();
    expect(batches).toEqual([]);
  });

  it('holds events while consent is pending, sends them on grant, and sends nothing after a refusal', async () => {
    const { adapter, batches } = withBackend();
    const sdk = createShopscene({ adapter, storage: 'memory', consent: 'pending', delivery: { flushIntervalMs: 10 } });
    await sdk.track({ name: 'add_to_cart', items: [{ item_id: 'p1' }] });
    await sdk.flush();
    expect(batches).toEqual([]);
    await sdk.setConsent('granted');
    await sdk.flush();
    expect(batches.flatMap((b) => b.ids).length).toBeGreaterThanOrEqual(1);
    const sent = batches.length;
    await sdk.setConsent('denied');
    await sdk.track({ name: 'add_to_cart', items: [{ item_id: 'p2' }] });
    await sdk.flush();
    expect(batches).toHaveLength(sent);
  });
});
