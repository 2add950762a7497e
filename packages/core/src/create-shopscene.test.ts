import { describe, expect, it } from 'vitest';
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

  it('fills in what a tracked item left out from the products it knows', async () => {
    const sdk = createShopscene({ adapter: staticAdapter({ catalog: [product('tea', ['Food', 'Tea'], 1, { brand: 'Xinhe' })] }), storage: 'memory' });
    await sdk.recommend();
    const result = await sdk.track({ name: 'view_item', items: [{ item_id: 'tea' }] });
    expect(result.ok && result.event.items![0]).toMatchObject({ item_id: 'tea', item_brand: 'Xinhe', item_category: 'Food', item_category2: 'Tea' });
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
    await new Promise((r) => setTimeout(r, 0));
    expect(feed.cards.value.map((c) => c.product.id)).not.toContain(victim);
    expect(events).toContain(`dislike_item:${victim}@2`);
    expect(events.some((e) => e.startsWith('select_item:') && e.endsWith('@0'))).toBe(true);
    expect(sdk.profile.value.dislikes.map((d) => d.id)).toEqual([victim]);
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
