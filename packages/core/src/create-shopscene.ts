import type { GroupJoin } from './models/group-deal.ts';
import type { Product } from './adapters/product.ts';
import type { BackendAdapter } from './adapters/types.ts';
import { createRecommender, productToItem, type Coupon, type Preview, type Recommender, type RecommendPage, type RecommendRequest } from './create-recommender.ts';
import * as recommendMessages from './recommend-messages.ts';
import { checkedRequest } from './recommend-request.ts';
import { describeError } from './messages.ts';
import { createOutbox, type DeliveryFailure, type OutboxOptions, type OutboxStatus } from './outbox/create-outbox.ts';
import type { Profile } from './profile/profile-types.ts';
import type { RankOptions } from './ranking/rank.ts';
import { readRankingBlock } from './ranking/ranking-block.ts';
import { loadSceneConfig } from './scenes/load-scene-config.ts';
import { sceneSelector } from './scenes/scene-selector.ts';
import { summarize } from './profile/summarize.ts';
import type { SceneConfig } from './scenes/scene-schema.ts';
import { createTracker, initialConsent, type Consent, type Tracker, type TrackerOptions } from './tracker/create-tracker.ts';
import { isObject } from './util/check.ts';
import { warnOnce } from './util/warn.ts';
import { signal, type ReadonlySignal } from '@preact/signals-core';

export type { Coupon, Preview, RecommendPage, RecommendRequest };
export type { GroupJoin } from './models/group-deal.ts';

/** The settings a page gave: one left undefined is not given (TypeScript's Partial lets a page write one so). */
const given = (settings: unknown) => (isObject(settings) ? Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) : settings);
/** The ranking numbers a page may set beside weights and intent, and their ranges. */
const RANKING_NUMBERS = [
  ['diversity', 0, 1],
  ['halfLifeDays', 0.01, 36_500],
] as const;

/**
 * A page's ranking settings, checked as a catalog's block is: weights and intent by readRankingBlock,
 * diversity and halfLifeDays in range; a wrong one is named in a console warning and its default
 * stands (a weight that is not a number made every score NaN: an empty feed).
 */
function checkedRanking(ranking: NonNullable<ShopsceneOptions['ranking']>): NonNullable<ShopsceneOptions['ranking']> {
  const source = 'createShopscene({ ranking })';
  const out: Record<string, unknown> = { ...ranking, ...readRankingBlock({ weights: given(ranking.weights), intent: given(ranking.intent) }, source) };
  const ignored: string[] = [];
  for (const [key, min, max] of RANKING_NUMBERS) {
    const value: unknown = ranking[key];
    if (value === undefined || (typeof value === 'number' && value >= min && value <= max)) continue;
    ignored.push(`ranking.${key} (a number from ${min} to ${max.toLocaleString('en')})`);
    delete out[key];
  }
  if (ignored.length) warnOnce(`shopscene: ${source}: ${ignored.join(', ')} ignored; the default stands`);
  return out;
}

/** Options of {@link createShopscene}. */
export interface ShopsceneOptions extends TrackerOptions {
  /** Where products come from, e.g. `staticAdapter({ catalog: '/catalog.json' })`. */
  adapter: BackendAdapter;
  /** Fixes exploration for reproducible feeds (tests, previews); random per feed by default. */
  seed?: number;
  /**
   * Tuning of the on-device ranking: its weights, the shape of the shopper's intent, diversity. A
   * store's fitted ranking (`shopscene tune`: a catalog object's `ranking` block, or a backend's
   * answer) applies without it; what is given here wins, setting by setting. A setting that is not a
   * number in range is named in a console warning and its default stands.
   */
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
export interface Shopscene extends Omit<Tracker, 'profile'>, Recommender {
  /** The current profile, as a signal (widgets re-render from it). */
  readonly profile: ReadonlySignal<Profile>;
  /** The scene config once loaded and valid (null when there is none, or it was invalid). */
  readonly sceneConfig: ReadonlySignal<SceneConfig | null>;
  /** Resolves when the scene config has been loaded (or found missing or invalid). */
  readonly scenesReady: Promise<void>;
  /** The SDK's clock: the preview time, corrected by the server offset. */
  now(): number;
  setServerTimeOffset(ms: number): void;
  /** Set while previewing. */
  readonly preview: Preview | null;
  readonly locale: string;
  /** The host's coupon handler: resolve true when the coupon was granted. */
  onCoupon?: (coupon: Coupon) => boolean | Promise<boolean>;
  /** The host's group-buy handler ("Join group" / "Start a group" on a group-buy floor): resolve true when the shopper is in. */
  onGroup?: (group: GroupJoin) => boolean | Promise<boolean>;
  /** Told about events given up on (when no `onDeliveryFailure` option was given). */
  onDeliveryFailure?: (failure: DeliveryFailure) => void;
  diagnostics(): Diagnostics;
}

/** The shopper's device from the window's width, for audience rules. */
export function guessDevice(): 'mobile' | 'tablet' | 'desktop' {
  return typeof innerWidth === 'number' ? (innerWidth < 640 ? 'mobile' : innerWidth < 1024 ? 'tablet' : 'desktop') : 'desktop';
}

/**
 * A clock that starts at a preview's time (running on from there) and is corrected by the server's
 * offset. `startAt(time)` moves it to a preview's time later (a preview read after start-up).
 */
export function sdkClock(preview: Preview | null, base: () => number = Date.now): { now: () => number; setOffset(ms: number): void; startAt(time: number): void } {
  let offset = 0;
  let shift = 0;
  const clock = {
    now: () => base() + shift + offset,
    setOffset: (ms: number) => void (offset = Number.isFinite(ms) ? ms : 0),
    startAt: (time: number) => void (shift = time - base()),
  };
  if (preview?.time !== undefined) clock.startAt(preview.time);
  return clock;
}

/**
 * Creates the SDK: a tracker with the shopper profile, plus recommendations from the adapter,
 * ranked on the device unless the backend ranked them. Pages never repeat an item.
 */
export function createShopscene(options: ShopsceneOptions): Shopscene {
  if (!options?.adapter) throw new TypeError(recommendMessages.noAdapter);
  const { adapter, preview = null } = options;
  const clock = sdkClock(preview, options.now);
  clock.setOffset(options.serverTimeOffsetMs ?? 0);
  const now = clock.now;
  const locale = options.locale ?? (typeof navigator !== 'undefined' ? navigator.language : 'en');
  const products = new Map<string, Product>();
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
  const profile = signal(tracker.profile.peek());
  tracker.profile.subscribe((p) => (profile.value = p));

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

  const recommender = createRecommender({
    tracker,
    adapter,
    now,
    products,
    activeScene: sceneSelector({
      config: () => sceneConfig.value,
      profile: () => tracker.profile.value,
      now,
      device: preview?.device ?? options.device ?? guessDevice(),
      ...(preview?.traits ? { traits: preview.traits } : {}),
      ...(preview?.variants ? { variants: preview.variants } : {}),
    }),
    scenesReady,
    locale,
    preview,
    // A backend that ranks is told the shopper in brief; a static catalog needs nothing of the profile.
    ...(adapter.rankedByBackend ? { summarize } : {}),
    onCoupon: () => sdk.onCoupon,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.ranking ? { ranking: checkedRanking(options.ranking) } : {}),
  });

  const sdk: Shopscene = {
    ...tracker,
    ...recommender,
    // A page's request checked first: a wrong field is named and left out (see checkedRequest).
    recommend: async (request) => recommender.recommend(checkedRequest(request)),
    profile,
    sceneConfig,
    scenesReady,
    now,
    setServerTimeOffset: clock.setOffset,
    preview,
    locale,
    diagnostics: () => ({
      storage: tracker.storageKind(),
      consent: tracker.consent(),
      eventsTracked,
      lastEvent,
      productsKnown: recommender.productsKnown(),
      scenes: sceneState,
      preview: !!preview,
      delivery: outbox?.status() ?? null,
    }),
  };
  return sdk;
}
