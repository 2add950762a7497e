import { checkedProducts, type Product } from './adapters/product.ts';
import { issuesToText } from './util/issues.ts';
import type { BackendAdapter, CandidatesRequest, ProfileSummary } from './adapters/types.ts';
import { topDecayed } from './profile/decay.ts';
import { PROFILE_DEFAULTS, type Profile } from './profile/profile-types.ts';
import { aiplStages } from './segments/aipl.ts';
import { rfmSegment } from './segments/rfm.ts';
import type { EventItem } from './events/event-schema.ts';
import { categoryFields } from './events/item-categories.ts';
import { describeError, messages } from './messages.ts';
import { rank, type RankedItem, type RankOptions } from './ranking/rank.ts';
import { createTracker, initialConsent, type Consent, type Tracker, type TrackerOptions } from './tracker/create-tracker.ts';
import { createOutbox, type DeliveryFailure, type OutboxOptions, type OutboxStatus } from './outbox/create-outbox.ts';
import { randomId } from './util/ids.ts';
import { loadSceneConfig } from './scenes/load-scene-config.ts';
import type { SceneConfig } from './scenes/scene-schema.ts';
import { localize, selectScene, type ActiveScene } from './scenes/select-scene.ts';
import { warnOnce } from './util/warn.ts';
import { signal, type ReadonlySignal } from '@preact/signals-core';

/** Options of {@link createShopscene}. */
export interface ShopsceneOptions extends TrackerOptions {
  /** Where products come from, e.g. `staticAdapter({ catalog: '/catalog.json' })`. */
  adapter: BackendAdapter;
  /** Fixes exploration for reproducible feeds (tests, previews); random per feed by default. */
  seed?: number;
  /** Tuning of the on-device ranking. */
  ranking?: Omit<RankOptions, 'now' | 'seed' | 'exclude' | 'boost'>;
  /** The scene config: the object, its JSON text, or a URL of it; by default the adapter's `scenes()`, if any. */
  scenes?: unknown;
  /** See the page at another time and as another shopper; nothing is written while previewing. */
  preview?: Preview;
  /** How far the server's clock is ahead of this device's, in ms (countdowns use it). @default 0 */
  serverTimeOffsetMs?: number;
  /** The shopper's device, for audience rules. @default guessed from the screen width */
  device?: 'mobile' | 'tablet' | 'desktop';
  /** For scene labels. @default the browser's language */
  locale?: string;
  /** Tuning of event delivery (for adapters with `sendEvents`): batch size, flush interval, queue cap, backoff. */
  delivery?: Omit<OutboxOptions, 'send' | 'consent' | 'dbName' | 'onFailure'>;
  /** Told about events given up on: refused by the backend (4xx), too large, or shed from a full queue. */
  onDeliveryFailure?: (failure: DeliveryFailure) => void;
}

/** A marketer's preview: the time to show (the clock runs on from it), and traits to pretend. */
export interface Preview {
  time?: number;
  traits?: Record<string, string>;
  device?: 'mobile' | 'tablet' | 'desktop';
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
  /** @default 'personalised' */
  sort?: 'personalised' | 'popularity' | 'price-asc' | 'price-desc' | 'newest';
  signal?: AbortSignal;
}

/** A snapshot of the SDK's health, for support and for tests. */
export interface Diagnostics {
  storage: 'indexeddb' | 'memory';
  consent: Consent;
  eventsTracked: number;
  lastEvent: string | null;
  productsKnown: number;
  scenes: 'none' | 'loading' | 'ready' | 'invalid';
  preview: boolean;
  /** Event delivery (null when the adapter sends no events): queue length, last delivery, drops. */
  delivery: OutboxStatus | null;
}

/** The SDK instance. */
export interface Shopscene extends Tracker {
  recommend(request?: RecommendRequest): Promise<RecommendPage>;
  /** The scene config once loaded and valid (null when there is none, or it was invalid). */
  readonly sceneConfig: ReadonlySignal<SceneConfig | null>;
  /** Resolves when the scene config has been loaded (or found missing or invalid). */
  readonly scenesReady: Promise<void>;
  /** The scene this shopper sees now (or the named one, if active for them), with its phase and floors. */
  activeScene(options?: { sceneId?: string }): ActiveScene | null;
  /** The SDK's clock: the preview time, corrected by the server offset. */
  now(): number;
  setServerTimeOffset(ms: number): void;
  /** Set while previewing. */
  readonly preview: Preview | null;
  readonly locale: string;
  /** Claims a coupon through the adapter's `claimCoupon` or the host's `onCoupon` callback. */
  claimCoupon(coupon: { id: string; label: string }): Promise<boolean>;
  /** The host's coupon handler: resolve true when the coupon was granted. */
  onCoupon?: (coupon: { id: string; label: string }) => boolean | Promise<boolean>;
  /** Told about events given up on (when no `onDeliveryFailure` option was given). */
  onDeliveryFailure?: (failure: DeliveryFailure) => void;
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

/** The shopper in brief for a backend: top interests, RFM segment, AIPL stages, declared traits. */
export function summarize(profile: Profile, now: number): ProfileSummary {
  return {
    interests: Object.fromEntries(topDecayed(profile.affinities.category, now, PROFILE_DEFAULTS.halfLifeDays).slice(0, 10).map(([k, v]) => [k, Math.round(v * 100) / 100])),
    rfmSegment: rfmSegment(profile, {}, now).segment,
    aipl: Object.fromEntries(Object.entries(aiplStages(profile, now)).filter(([, stage]) => stage !== 'none')),
    traits: profile.traits,
  };
}

/** Turns a product into GA4 item fields, so events about it carry its name, brand and categories. */
export function productToItem(product: Product): EventItem {
  return { item_id: product.id, item_name: product.title, price: product.price, ...(product.brand ? { item_brand: product.brand } : {}), ...categoryFields(product.categories) };
}

/**
 * Creates the SDK: a tracker with the shopper profile, plus recommendations from the adapter,
 * ranked on the device unless the backend ranked them. Pages never repeat an item.
 */
export function createShopscene(options: ShopsceneOptions): Shopscene {
  if (!options?.adapter) throw new TypeError(messages.noAdapter);
  const { adapter, preview = null } = options;
  let offset = options.serverTimeOffsetMs ?? 0;
  // A preview starts at its time and runs on from there, so countdowns still tick.
  const started = Date.now();
  const base = options.now ?? Date.now;
  const now = preview?.time !== undefined ? () => preview.time! + (Date.now() - started) + offset : () => base() + offset;
  const locale = options.locale ?? (typeof navigator !== 'undefined' ? navigator.language : 'en');
  const device =
    preview?.device ?? options.device ?? (typeof innerWidth === 'number' ? (innerWidth < 640 ? 'mobile' : innerWidth < 1024 ? 'tablet' : 'desktop') : 'desktop');
  const products = new Map<string, Product>();
  const feeds = new Map<string, Feed>();
  let eventsTracked = 0;
  let lastEvent: string | null = null;

  // Events go to the backend when the adapter takes them; a preview sends nothing.
  const send = adapter.sendEvents?.bind(adapter);
  const outbox =
    send && !preview
      ? createOutbox({
          send,
          consent: initialConsent(options),
          ...(options.dbName ? { dbName: options.dbName } : {}),
          ...(options.storage === 'memory' ? { storage: 'memory' as const } : {}),
          ...options.delivery,
          onFailure: (failure) => (options.onDeliveryFailure ?? sdk.onDeliveryFailure)?.(failure),
        })
      : undefined;

  const tracker = createTracker({
    ...options,
    ...(outbox ? { outbox } : {}),
    now,
    ...(preview ? { readOnly: true } : {}),
    enrichItem(item) {
      const product = products.get(item.item_id);
      return product ? { ...productToItem(product), ...item } : item;
    },
  });
  tracker.onEvent((event) => {
    eventsTracked++;
    lastEvent = event.name;
  });

  const sceneConfig = signal<SceneConfig | null>(null);
  let sceneState: Diagnostics['scenes'] = options.scenes === undefined && !adapter.scenes ? 'none' : 'loading';
  const scenesReady = (async () => {
    if (sceneState === 'none') return;
    // A backend whose scenes() rejects is caught below; loadSceneConfig itself never throws.
    const source = options.scenes ?? (await adapter.scenes!());
    if (source === null || source === undefined) return void (sceneState = 'none');
    const loaded = await loadSceneConfig(source);
    sceneConfig.value = loaded.config;
    sceneState = loaded.state;
  })().catch((error: unknown) => {
    sceneState = 'invalid';
    warnOnce(`shopscene: could not load the scene config: ${describeError(error)}`);
  });

  /** The profile audiences are matched against: in a preview, with the pretended traits. */
  const audienceProfile = () => {
    const p = tracker.profile.value;
    return preview?.traits ? { ...p, traits: { ...p.traits, ...preview.traits } } : p;
  };
  const activeScene = (opts: { sceneId?: string } = {}): ActiveScene | null => {
    const config = sceneConfig.value;
    if (!config) return null;
    const scoped = opts.sceneId ? { ...config, scenes: config.scenes.filter((s) => s.id === opts.sceneId) } : config;
    return selectScene(scoped, audienceProfile(), now(), { device });
  };

  const sortBy: Record<Exclude<NonNullable<RecommendRequest['sort']>, 'personalised'>, (a: Product, b: Product) => number> = {
    popularity: (a, b) => b.popularity - a.popularity,
    'price-asc': (a, b) => a.price - b.price,
    'price-desc': (a, b) => b.price - a.price,
    // Products carry no date: the adapter's order is taken as newest first.
    newest: () => 0,
  };

  const fill = async (feed: Feed, request: RecommendRequest, placement: string, limit: number) => {
    const response = await adapter.candidates(
      {
        placement,
        cursor: feed.adapterCursor,
        limit,
        ...(request.filter ? { filter: request.filter } : {}),
        ...(tracker.consent() === 'granted' && !preview ? { profile: summarize(tracker.profile.peek(), now()) } : {}),
      },
      request.signal,
    );
    const items = checkedProducts(response.items, placement, (where, issues) => warnOnce(messages.catalogItemSkipped('adapter answer', where, issuesToText(issues))));
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
        ? { categories: active.scene.floors.flatMap((f) => f.source.categories ?? []), weight, label: localize(active.scene.title, locale) }
        : undefined;
    feed.queue = response.ranked
      ? items.map((product) => ({ product, score: 0, kind: 'popular' as const, reason: 'Recommended for you' }))
      : sort === 'personalised'
        ? rank(items, profile, { ...options.ranking, now: now(), seed: feed.seed, exclude: feed.served, ...(boost ? { boost } : {}) })
        : [...items]
            .sort(sortBy[sort])
            .filter((p) => !disliked.has(p.id))
            .map((product) => ({ product, score: 0, kind: 'popular' as const, reason: sort === 'popularity' ? 'Popular right now' : '' }));
    feed.adapterCursor = response.cursor;
    feed.exhausted = !response.cursor || !items.length;
  };

  const sdk: Shopscene = {
    ...tracker,
    sceneConfig,
    scenesReady,
    activeScene,
    now,
    setServerTimeOffset(ms) {
      offset = Number.isFinite(ms) ? ms : 0;
    },
    preview,
    locale,
    async claimCoupon(coupon) {
      try {
        const handler = sdk.onCoupon ?? adapter.claimCoupon?.bind(adapter);
        return handler ? (await handler(coupon)) !== false : true;
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
    diagnostics: () => ({
      storage: tracker.storageKind(),
      consent: tracker.consent(),
      eventsTracked,
      lastEvent,
      productsKnown: products.size,
      scenes: sceneState,
      preview: !!preview,
      delivery: outbox?.status() ?? null,
    }),
  };
  return sdk;
}
