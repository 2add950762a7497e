import { checkedProducts, leafCategory, type Product } from './adapters/product.ts';
import type { BackendAdapter, CandidatesRequest, ProfileSummary } from './adapters/types.ts';
import type { EventItem } from './events/event-schema.ts';
import { categoryFields } from './events/item-categories.ts';
import * as messages from './messages.ts';
import * as recommendMessages from './recommend-messages.ts';
import { describeError } from './messages.ts';
import type { Profile } from './profile/profile-types.ts';
import { rank, type RankedItem, type RankOptions } from './ranking/rank.ts';
import { localize } from './scenes/localize.ts';
import type { ActiveScene } from './scenes/select-scene.ts';
import type { Tracker } from './tracker/create-tracker.ts';
import { issuesToText } from './util/issues.ts';
import { warnOnce } from './util/warn.ts';

/** A marketer's preview: the time to show (the clock runs on from it), and traits to pretend. */
export interface Preview {
  time?: number;
  traits?: Record<string, string>;
  device?: 'mobile' | 'tablet' | 'desktop';
  /** A/B variants to show: experiment (a scene's id) → variant id. */
  variants?: Record<string, string>;
}

/** One page of recommendations; pass `cursor` back for the next page (null: there is no more). */
export interface RecommendPage {
  items: RankedItem[];
  cursor: string | null;
}

/** What `recommend()` takes. */
export interface RecommendRequest {
  /**
   * Which widget asks: 'guess-you-like', 'scene:<id>' (a scene's own waterfall), 'floor:<id>', or
   * 'related:<product id>' ("Shoppers also viewed" on that product's page). @default 'guess-you-like'
   */
  placement?: string;
  /** From the previous page; omit for the first. */
  cursor?: string | null;
  /** @default 12 */
  limit?: number;
  filter?: CandidatesRequest['filter'];
  /** Ids a new feed must not show (e.g. those a restored feed already shows). */
  exclude?: string[];
  /** @default 'personalised' */
  sort?: 'personalised' | 'popularity' | 'price-asc' | 'price-desc' | 'newest';
  signal?: AbortSignal;
}

/** A coupon a floor offers, as the host's handler sees it. */
export interface Coupon {
  id: string;
  label: string;
}

/** What the recommender needs: the tracker (profile, consent), where products come from, the clock. */
export interface RecommenderOptions {
  tracker: Pick<Tracker, 'profile' | 'ready' | 'consent'>;
  adapter: BackendAdapter;
  now: () => number;
  /** Every product seen, by id; shared with the tracker, which fills in events from it. */
  products?: Map<string, Product>;
  /** The scene this shopper sees now (or the named one): its categories are mixed into the waterfall. */
  activeScene?: (options?: { sceneId?: string }) => ActiveScene | null;
  /** Settles when the scene config has loaded (or is known missing or invalid). */
  scenesReady?: Promise<void>;
  seed?: number;
  ranking?: Omit<RankOptions, 'now' | 'seed' | 'exclude' | 'boost'>;
  preview?: Preview | null;
  locale: string;
  /**
   * What a backend that ranks is told of the shopper (with consent, never in a preview), e.g.
   * {@link summarize}. Without it, requests carry nothing of the profile.
   */
  summarize?: (profile: Profile, now: number) => ProfileSummary;
  /** The host's coupon handler, if it has one now. */
  onCoupon?: () => ((coupon: Coupon) => boolean | Promise<boolean>) | undefined;
}

/** Recommendations and scenes for one shopper: the part of the SDK that widgets need. */
export interface Recommender {
  recommend(request?: RecommendRequest): Promise<RecommendPage>;
  /** The scene this shopper sees now (or the named one, if active for them), with its phase and floors. */
  activeScene(options?: { sceneId?: string }): ActiveScene | null;
  /** Claims a coupon through the host's `onCoupon` callback or the adapter's `claimCoupon`; false when neither granted it. */
  claimCoupon(coupon: Coupon): Promise<boolean>;
  /** Whether anything can grant coupons: a host's `onCoupon`, or an adapter with `claimCoupon`. */
  canClaimCoupons(): boolean;
  /** The products seen so far, by id (to show or explain them). */
  product(id: string): Product | undefined;
  /** How many products are known. */
  productsKnown(): number;
}

interface Feed {
  id: string;
  page: number;
  seed: number;
  queue: RankedItem[];
  served: Set<string>;
  adapterCursor: string | null;
  exhausted: boolean;
  /** Candidates ranked a batch at a time: the next batch comes from here once the queue is empty. */
  pool?: { items: Product[]; ranking: Omit<RankOptions, 'exclude' | 'limit'> } | undefined;
}

/** How many candidates are ranked at a time: several pages (the rest wait, unsorted). */
const RANK_BATCH = 120;

/** Feeds kept for paging; the oldest is let go beyond this. */
const MAX_FEEDS = 16;

/** Turns a product into GA4 item fields, so events about it carry its name, brand and categories. */
export function productToItem(product: Product): EventItem {
  return { item_id: product.id, item_name: product.title, price: product.price, ...(product.brand ? { item_brand: product.brand } : {}), ...categoryFields(product.categories) };
}

/** The orders a request may ask for besides 'personalised', each as its comparison. */
export const SORTS: Record<Exclude<NonNullable<RecommendRequest['sort']>, 'personalised'>, (a: Product, b: Product) => number> = {
  popularity: (a, b) => b.popularity - a.popularity,
  'price-asc': (a, b) => a.price - b.price,
  'price-desc': (a, b) => b.price - a.price,
  // Products carry no date: the adapter's order is taken as newest first.
  newest: () => 0,
};

/**
 * Creates the recommender: candidates from the adapter, ranked on the device for this shopper unless
 * the backend ranked them; paging never repeats an item; the active scene's categories are mixed in.
 */
export function createRecommender(options: RecommenderOptions): Recommender {
  const { tracker, adapter, now, preview = null, locale } = options;
  const products = options.products ?? new Map<string, Product>();
  const feeds = new Map<string, Feed>();
  const scenesReady = options.scenesReady ?? Promise.resolve();

  const activeScene = options.activeScene ?? (() => null);

  const fill = async (feed: Feed, request: RecommendRequest, placement: string, limit: number) => {
    const response = await adapter.candidates(
      {
        placement,
        cursor: feed.adapterCursor,
        limit,
        ...(request.filter ? { filter: request.filter } : {}),
        ...(options.summarize && tracker.consent() === 'granted' && !preview ? { profile: options.summarize(tracker.profile.peek(), now()) } : {}),
      },
      request.signal,
    );
    const items = checkedProducts(response.items, placement, (where, issues) => warnOnce(recommendMessages.catalogItemSkipped('adapter answer', where, issuesToText(issues))));
    for (const product of items) products.set(product.id, product);
    const profile = tracker.profile.peek();
    const disliked = new Set(profile.dislikes.map((d) => d.id));
    const sort = request.sort ?? 'personalised';
    // The home waterfall mixes in the active scene's categories; a scene's own waterfall is themed by them.
    const own = placement.startsWith('scene:');
    const active = placement === 'guess-you-like' ? activeScene() : own ? activeScene({ sceneId: placement.slice(6) }) : null;
    const weight = own ? 1 : (active?.scene.boost ?? 0);
    const boost =
      active && weight > 0
        ? { categories: active.scene.floors.flatMap((f) => f.source?.categories ?? []), weight, label: localize(active.scene.title, locale) }
        : undefined;
    // "Shoppers also viewed" on a product page: ranked around that product.
    const about = placement.startsWith('related:') ? products.get(placement.slice(8)) : undefined;
    if (placement.startsWith('related:')) feed.served.add(placement.slice(8)); // never the product itself
    const context = about && { id: about.id, time: 0, name: about.title, ...(about.brand ? { brand: about.brand } : {}), ...(leafCategory(about) ? { category: leafCategory(about) } : {}) };
    // The store's fitted ranking (its catalog's or its backend's, checked where it came in), under what the page set itself.
    const fitted = response.ranking;
    const ranking = {
      ...options.ranking,
      weights: { ...fitted?.weights, ...options.ranking?.weights },
      intent: { ...fitted?.intent, ...options.ranking?.intent },
      now: now(),
      seed: feed.seed,
      related: (id: string) => products.get(id)?.related,
      ...(boost ? { boost } : {}),
      ...(context ? { context } : {}),
    };
    feed.pool = !response.ranked && sort === 'personalised' && items.length > RANK_BATCH ? { items, ranking } : undefined;
    feed.queue = response.ranked
      ? items.map((product) => ({ product, score: 0, kind: 'backend' as const, reason: 'Recommended for you' }))
      : sort === 'personalised'
        ? rank(items, profile, { ...ranking, exclude: feed.served, limit: RANK_BATCH })
        : [...items]
            .sort(SORTS[sort])
            .filter((p) => !disliked.has(p.id))
            .map((product) => ({ product, score: 0, kind: 'popular' as const, reason: sort === 'popularity' ? 'Popular right now' : '' }));
    feed.adapterCursor = response.cursor;
    feed.exhausted = !response.cursor || !items.length;
  };

  return {
    activeScene,
    canClaimCoupons: () => !!(options.onCoupon?.() ?? adapter.claimCoupon),
    async claimCoupon(coupon) {
      try {
        const handler = options.onCoupon?.() ?? adapter.claimCoupon?.bind(adapter);
        // Nothing to grant it: not claimed (a coupon never shows "Claimed" unless someone said so).
        if (!handler) return warnOnce(recommendMessages.couponUngranted), false;
        return (await handler(coupon)) === true;
      } catch (error) {
        warnOnce(messages.callbackFailed('claiming a coupon', describeError(error)));
        return false;
      }
    },
    async recommend(request = {}) {
      await tracker.ready;
      if (request.placement === undefined || request.placement === 'guess-you-like' || request.placement.startsWith('scene:')) await scenesReady;
      const placement = request.placement ?? 'guess-you-like';
      const limit = Math.max(1, Math.min(request.limit ?? 12, 100));
      const known = request.cursor ? feeds.get(request.cursor.split('.')[0]!) : undefined;
      const feed: Feed = known ?? {
        id: Math.random().toString(36).slice(2, 10), // a feed's name in its cursors, not a secret
        page: 0,
        seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
        queue: [],
        served: new Set(request.exclude),
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
          // The next batch of the same candidates, without what was served.
          if (feed.pool) {
            feed.queue = rank(feed.pool.items, tracker.profile.peek(), { ...feed.pool.ranking, exclude: feed.served, limit: RANK_BATCH });
            if (feed.queue.length) continue;
            feed.pool = undefined;
          }
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
      const more = feed.queue.length > 0 || !!feed.pool || !feed.exhausted;
      return { items, cursor: more ? `${feed.id}.${feed.page}` : null };
    },
    product: (id) => products.get(id),
    productsKnown: () => products.size,
  };
}
