import type { Product } from '../adapters/product.ts';
import { productToItem, type RecommendPage, type RecommendRequest } from '../create-recommender.ts';
import * as recommendMessages from '../recommend-messages.ts';
import { describeError } from '../messages.ts';
import type { ReasonKind } from '../ranking/rank.ts';
import { createViewabilityObserver } from '../tracker/viewability.ts';
import { createReadable, type Readable } from '../util/readable.ts';
import { warnOnce } from '../util/warn.ts';

/** One card of a feed; `index` is its position since the feed began (GA4's `index`). */
export interface FeedCard {
  product: Product;
  reason: string;
  kind: ReasonKind;
  /** What the reason names (an item, a category, a search term). */
  because?: string;
  index: number;
}

/** `idle` before the first load, `loading`, `ready` (more to come), `end` (no more), `error`. */
export type FeedStatus = 'idle' | 'loading' | 'ready' | 'end' | 'error';

/** What a feed needs from the SDK instance. */
export interface FeedSource {
  recommend(request: RecommendRequest): Promise<RecommendPage>;
  track(event: unknown): Promise<unknown>;
  /** Whether the shopper agreed to storage; a feed keeps its place for Back only then. */
  consent?(): 'pending' | 'granted' | 'denied';
}

/** Options of a feed. */
export interface FeedOptions {
  /** @default 'guess-you-like' */
  placement?: string;
  /** Cards per page. @default 12 */
  pageSize?: number;
  /** GA4 `item_list_name`. @default 'Guess you like' */
  listName?: string;
  /** Most cards shown: a row ("Shoppers also viewed"), not an endless feed. @default no limit */
  maxItems?: number;
}

/** What a feed keeps to come back to on Back: its cards (with their reasons) and where the shopper was. */
export interface FeedSnapshot {
  cards: FeedCard[];
  /** The page's scroll position when it was left, in CSS px. */
  scrollY: number;
  status: FeedStatus;
}

/** Most cards a snapshot keeps (enough for minutes of scrolling; bounded for sessionStorage). */
const SNAPSHOT_CARDS = 1000;

/**
 * The headless "guess you like" feed: pages through recommendations without repeats, tracks
 * viewable impressions (≥ 50 % for ≥ 1 s) and clicks, removes a card on "not interested", and can
 * be snapshotted and restored (Back returns to the same cards). Its state is read-only signals
 * (`value`, `peek()`, `subscribe()`); widgets render them and call its actions.
 */
export function createFeedModel(source: FeedSource, options: FeedOptions = {}) {
  const placement = options.placement ?? 'guess-you-like';
  const listName = options.listName ?? 'Guess you like';
  const pageSize = options.pageSize ?? 12;
  const maxItems = options.maxItems ?? Infinity;
  const cards = createReadable<FeedCard[]>([]);
  const status = createReadable<FeedStatus>('idle');
  const error = createReadable<string | null>(null);
  let cursor: string | null = null;
  let next = 0;
  let generation = 0;
  /** Ids shown before a restore: a new feed from the recommender must not repeat them. */
  let before: string[] = [];
  const seen = new Set<string>();
  const byElement = new WeakMap<Element, string>();

  const report = (name: 'view_item_list' | 'select_item' | 'dislike_item', ids: string[]) => {
    const items = ids.flatMap((id) => {
      const card = cards.peek().find((c) => c.product.id === id);
      return card ? [{ ...productToItem(card.product), item_list_id: placement, item_list_name: listName, index: card.index }] : [];
    });
    if (items.length) void source.track({ name, item_list_id: placement, item_list_name: listName, items });
  };

  let pendingImpressions: string[] = [];
  let impressionTimer: ReturnType<typeof setTimeout> | undefined;
  const viewability = createViewabilityObserver({
    onSeen(el) {
      const id = byElement.get(el);
      if (!id || seen.has(id)) return;
      seen.add(id);
      pendingImpressions.push(id);
      // Cards that become viewable together go out as one view_item_list event.
      impressionTimer ??= setTimeout(() => {
        impressionTimer = undefined;
        report('view_item_list', pendingImpressions);
        pendingImpressions = [];
      }, 300);
    },
  });

  const loadMore = async () => {
    const s = status.peek();
    if (s === 'loading' || s === 'end') return;
    const mine = generation;
    status.set('loading');
    error.set(null);
    try {
      const limit = Math.min(pageSize, maxItems - cards.peek().length);
      const page = await source.recommend({ placement, cursor, limit, ...(cursor === null && before.length ? { exclude: before } : {}) });
      if (mine !== generation) return;
      cursor = page.cursor;
      const fresh = page.items.slice(0, limit).map((r) => ({ product: r.product, reason: r.reason, kind: r.kind, ...(r.because ? { because: r.because } : {}), index: next++ }));
      cards.set([...cards.peek(), ...fresh]);
      status.set(page.cursor && cards.peek().length < maxItems ? 'ready' : 'end');
    } catch (e) {
      if (mine !== generation) return;
      warnOnce(recommendMessages.recommendFailed(describeError(e)));
      error.set(describeError(e));
      status.set('error');
    }
  };

  return {
    /** The cards so far, in feed order. */
    cards: cards.readable as Readable<FeedCard[]>,
    status: status.readable as Readable<FeedStatus>,
    error: error.readable as Readable<string | null>,
    /** True when the feed has finished and shows nothing. */
    isEmpty: () => status.peek() === 'end' && cards.peek().length === 0,
    loadMore,
    /** Starts over from the first page (e.g. after the profile changed a lot). */
    reload() {
      generation++;
      cursor = null;
      next = 0;
      before = [];
      cards.set([]);
      status.set('idle');
      return loadMore();
    },
    /** "Not interested": records `dislike_item` and removes the card; the item never comes back. */
    dislike(id: string) {
      report('dislike_item', [id]);
      cards.set(cards.peek().filter((c) => c.product.id !== id));
    },
    /** A click on a card: records `select_item` with the list and index. */
    select(id: string) {
      report('select_item', [id]);
    },
    /** Watches a card's element for a viewable impression; returns a function that stops watching. */
    observe(element: Element, id: string) {
      byElement.set(element, id);
      if (!seen.has(id)) viewability.observe(element);
      return () => viewability.unobserve(element);
    },
    /** The feed as it stands, to come back to (null without the shopper's consent to storage). */
    snapshot(scrollY: number): FeedSnapshot | null {
      if (source.consent && source.consent() !== 'granted') return null;
      return { cards: cards.peek().slice(0, SNAPSHOT_CARDS), scrollY, status: status.peek() };
    },
    /** Shows a snapshot's cards again; further pages continue without repeating them. */
    restore(snapshot: FeedSnapshot) {
      generation++;
      cursor = null;
      before = snapshot.cards.map((c) => c.product.id);
      for (const id of before) seen.add(id); // their impressions were counted on the first visit
      next = snapshot.cards.reduce((max, c) => Math.max(max, c.index + 1), 0);
      cards.set(snapshot.cards);
      status.set(snapshot.status === 'end' ? 'end' : 'ready');
    },
    /** Stops observers and timers; pending impressions are sent first. */
    dispose() {
      generation++;
      viewability.disconnect();
      clearTimeout(impressionTimer);
      if (pendingImpressions.length) report('view_item_list', pendingImpressions);
    },
  };
}

/** An instance of the feed model. */
export type FeedModel = ReturnType<typeof createFeedModel>;

/** The feed model as a constructor: `new FeedModel(source, options)`. */
export const FeedModel = function FeedModel(source: FeedSource, options?: FeedOptions) {
  return createFeedModel(source, options);
} as unknown as new (source: FeedSource, options?: FeedOptions) => FeedModel;
