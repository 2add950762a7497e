import type { Product } from './adapters/product.ts';
import type { BackendAdapter, CandidatesRequest } from './adapters/types.ts';
import type { EventItem } from './events/event-schema.ts';
import { messages } from './messages.ts';
import { rank, type RankedItem, type RankOptions } from './ranking/rank.ts';
import { createTracker, type Consent, type Tracker, type TrackerOptions } from './tracker/create-tracker.ts';
import { randomId } from './util/ids.ts';

/** Options of {@link createShopscene}. */
export interface ShopsceneOptions extends TrackerOptions {
  /** Where products come from, e.g. `staticAdapter({ catalog: '/catalog.json' })`. */
  adapter: BackendAdapter;
  /** Fixes exploration for reproducible feeds (tests, previews); random per feed by default. */
  seed?: number;
  /** Tuning of the on-device ranking. */
  ranking?: Omit<RankOptions, 'now' | 'seed' | 'exclude'>;
}

/** One page of recommendations; pass `cursor` back for the next page (null: there is no more). */
export interface RecommendPage {
  items: RankedItem[];
  cursor: string | null;
}

/** What `recommend()` takes. */
export interface RecommendRequest {
  /** @default 'guess-you-like' */
  placement?: string;
  /** From the previous page; omit for the first. */
  cursor?: string | null;
  /** @default 12 */
  limit?: number;
  filter?: CandidatesRequest['filter'];
  signal?: AbortSignal;
}

/** A snapshot of the SDK's health, for support and for tests. */
export interface Diagnostics {
  storage: 'indexeddb' | 'memory';
  consent: Consent;
  eventsTracked: number;
  lastEvent: string | null;
  productsKnown: number;
}

/** The SDK instance. */
export interface Shopscene extends Tracker {
  recommend(request?: RecommendRequest): Promise<RecommendPage>;
  /** The products seen so far, by id (to show or explain them). */
  product(id: string): Product | undefined;
  diagnostics(): Diagnostics;
}

interface Feed {
  id: string;
  page: number;
  seed: number;
  queue: RankedItem[];
  served: Set<string>;
  adapterCursor: string | null;
  exhausted: boolean;
}

/** Feeds kept for paging; the oldest is let go beyond this. */
const MAX_FEEDS = 16;

/** Turns a product into GA4 item fields, so events about it carry its name, brand and categories. */
export function productToItem(product: Product): EventItem {
  const item: EventItem = { item_id: product.id, item_name: product.title, price: product.price };
  if (product.brand) item.item_brand = product.brand;
  const keys = ['item_category', 'item_category2', 'item_category3', 'item_category4', 'item_category5'] as const;
  product.categories.slice(0, 5).forEach((c, i) => (item[keys[i]!] = c));
  return item;
}

/**
 * Creates the SDK: a tracker with the shopper profile, plus recommendations from the adapter,
 * ranked on the device unless the backend ranked them. Pages never repeat an item.
 */
export function createShopscene(options: ShopsceneOptions): Shopscene {
  if (!options?.adapter) throw new TypeError(messages.noAdapter);
  const { adapter } = options;
  const now = options.now ?? Date.now;
  const products = new Map<string, Product>();
  const feeds = new Map<string, Feed>();
  let eventsTracked = 0;
  let lastEvent: string | null = null;

  const tracker = createTracker({
    ...options,
    enrichItem(item) {
      const product = products.get(item.item_id);
      return product ? { ...productToItem(product), ...item } : item;
    },
  });
  tracker.onEvent((event) => {
    eventsTracked++;
    lastEvent = event.name;
  });

  const fill = async (feed: Feed, request: RecommendRequest, placement: string, limit: number) => {
    const response = await adapter.candidates(
      { placement, cursor: feed.adapterCursor, limit, ...(request.filter ? { filter: request.filter } : {}) },
      request.signal,
    );
    for (const product of response.items) products.set(product.id, product);
    const profile = tracker.profile.peek();
    feed.queue = response.ranked
      ? response.items.map((product) => ({ product, score: 0, kind: 'popular' as const, reason: 'Recommended for you' }))
      : rank(response.items, profile, { ...options.ranking, now: now(), seed: feed.seed, exclude: feed.served });
    feed.adapterCursor = response.cursor;
    feed.exhausted = !response.cursor || !response.items.length;
  };

  return {
    ...tracker,
    async recommend(request = {}) {
      await tracker.ready;
      const placement = request.placement ?? 'guess-you-like';
      const limit = Math.max(1, Math.min(request.limit ?? 12, 100));
      const known = request.cursor ? feeds.get(request.cursor.split('.')[0]!) : undefined;
      const feed: Feed = known ?? {
        id: randomId().slice(0, 8),
        page: 0,
        seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
        queue: [],
        served: new Set(),
        adapterCursor: null,
        exhausted: false,
      };
      if (!known) {
        feeds.set(feed.id, feed);
        if (feeds.size > MAX_FEEDS) feeds.delete(feeds.keys().next().value!);
        await fill(feed, request, placement, limit);
      }
      const disliked = new Set(tracker.profile.peek().dislikes.map((d) => d.id));
      const items: RankedItem[] = [];
      while (items.length < limit) {
        if (!feed.queue.length) {
          if (feed.exhausted) break;
          await fill(feed, request, placement, limit);
          continue;
        }
        const next = feed.queue.shift()!;
        if (feed.served.has(next.product.id) || disliked.has(next.product.id)) continue;
        feed.served.add(next.product.id);
        items.push(next);
      }
      feed.page++;
      const more = feed.queue.length > 0 || !feed.exhausted;
      return { items, cursor: more ? `${feed.id}.${feed.page}` : null };
    },
    product: (id) => products.get(id),
    diagnostics: () => ({ storage: tracker.storageKind(), consent: tracker.consent(), eventsTracked, lastEvent, productsKnown: products.size }),
  };
}
