import { createModel, signal, computed } from '@preact/signals-core';
import type { Product } from '../adapters/product.ts';
import type { RecommendRequest, RecommendPage } from '../create-shopscene.ts';
import { productToItem } from '../create-shopscene.ts';
import { describeError, messages } from '../messages.ts';
import type { ReasonKind } from '../ranking/rank.ts';
import { createViewabilityObserver } from '../tracker/viewability.ts';
import { warnOnce } from '../util/warn.ts';

/** One card of a feed; `index` is its position since the feed began (GA4's `index`). */
export interface FeedCard {
  product: Product;
  reason: string;
  kind: ReasonKind;
  index: number;
}

/** `idle` before the first load, `loading`, `ready` (more to come), `end` (no more), `error`. */
export type FeedStatus = 'idle' | 'loading' | 'ready' | 'end' | 'error';

/** What a feed needs from the SDK instance. */
export interface FeedSource {
  recommend(request: RecommendRequest): Promise<RecommendPage>;
  track(event: unknown): Promise<unknown>;
}

/** Options of a feed. */
export interface FeedOptions {
  /** @default 'guess-you-like' */
  placement?: string;
  /** Cards per page. @default 12 */
  pageSize?: number;
  /** GA4 `item_list_name`. @default 'Guess you like' */
  listName?: string;
}

/**
 * The headless "guess you like" feed: pages through recommendations without repeats, tracks
 * viewable impressions (≥ 50 % for ≥ 1 s) and clicks, and removes a card on "not interested".
 * Widgets render its signals and call its actions; they hold no behaviour of their own.
 */
export const FeedModel = createModel((source: FeedSource, options: FeedOptions = {}) => {
  const placement = options.placement ?? 'guess-you-like';
  const listName = options.listName ?? 'Guess you like';
  const pageSize = options.pageSize ?? 12;
  const cards = signal<FeedCard[]>([]);
  const status = signal<FeedStatus>('idle');
  const error = signal<string | null>(null);
  let cursor: string | null = null;
  let next = 0;
  let generation = 0;
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
    status.value = 'loading';
    error.value = null;
    try {
      const page = await source.recommend({ placement, cursor, limit: pageSize });
      if (mine !== generation) return;
      cursor = page.cursor;
      const fresh = page.items.map((r) => ({ product: r.product, reason: r.reason, kind: r.kind, index: next++ }));
      cards.value = [...cards.peek(), ...fresh];
      status.value = page.cursor ? 'ready' : 'end';
    } catch (e) {
      if (mine !== generation) return;
      warnOnce(messages.recommendFailed(describeError(e)));
      error.value = describeError(e);
      status.value = 'error';
    }
  };

  return {
    cards,
    status,
    error,
    /** True when the feed has finished and shows nothing. */
    empty: computed(() => status.value === 'end' && cards.value.length === 0),
    loadMore,
    /** Starts over from the first page (e.g. after the profile changed a lot). */
    reload() {
      generation++;
      cursor = null;
      next = 0;
      cards.value = [];
      status.value = 'idle';
      return loadMore();
    },
    /** "Not interested": records `dislike_item` and removes the card; the item never comes back. */
    dislike(id: string) {
      report('dislike_item', [id]);
      cards.value = cards.peek().filter((c) => c.product.id !== id);
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
    /** Stops observers and timers; pending impressions are sent first. */
    dispose() {
      generation++;
      viewability.disconnect();
      clearTimeout(impressionTimer);
      if (pendingImpressions.length) report('view_item_list', pendingImpressions);
    },
  };
});

/** An instance of {@link FeedModel}. */
export type FeedModel = InstanceType<typeof FeedModel>;
