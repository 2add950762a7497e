import { columnsFor, createFeedModel, createMasonry, type ColumnBreakpoints, type FeedCard, type FeedSnapshot, type FeedSource, type Masonry } from '@shopscene/core';
import { resolveLocale, withMessages, type WidgetMessages } from '../i18n/messages.ts';
import { adoptStyles } from '../ui/adopt-styles.ts';
import { formatPrice } from '../ui/format-price.ts';
import { CARD_INFO_HEIGHT, createProductCard, el } from '../ui/product-card.ts';
import { feedWindow, nextPageDue } from './feed-window.ts';
import { guessYouLikeCss } from './styles.ts';

/** Options of the waterfall (the `GuessYouLike` component's props). */
export interface WaterfallOptions {
  /** The SDK instance (`createShopscene(...)`, or `window.shopscene` on a script-tag page). */
  shopscene: FeedSource & { locale?: string };
  /** Cards per page. @default 12 */
  pageSize?: number;
  /** @default 'guess-you-like' */
  placement?: string;
  /** The title above the waterfall; `null` for none. @default "Guess you like", in the shopper's language */
  heading?: string | null;
  /** Columns by container width. @default { 0: 2, 520: 3, 760: 4, 1000: 5 } */
  columns?: ColumnBreakpoints;
  /** Space between cards in px. @default 12 */
  gap?: number;
  /** For words and prices. @default the SDK's, else the page's `lang`, else the browser's */
  locale?: string;
  /** Light or dark colours. @default 'auto' (the shopper's system setting) */
  scheme?: 'light' | 'dark' | 'auto';
  /** Show a "not interested" control on each card. @default true */
  dislike?: boolean;
  /** Most cards shown (a row such as "Shoppers also viewed"); no "that's all" line at the end. @default no limit */
  maxItems?: number;
}

/** Cards stay in the page this far beyond the viewport, in viewport heights, above and below. */
const OVERSCAN = 1;
/** The next page loads when the end is this close, in viewport heights. */
const PRELOAD = 1.5;
/** Most cards made in one frame. */
const NEW_PER_FRAME = 16;
/** Height of the footer row (loading, end and error states). */
const FOOTER = 56;
let views = 0;

const storageKey = (placement: string) => `shopscene.feed:${placement}:${location.pathname}${location.search}`;

/** The snapshot kept for this page, if the shopper came back to it with Back. */
function readSnapshot(placement: string): FeedSnapshot | null {
  try {
    const navigation = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
    const saved = navigation?.type === 'back_forward' ? sessionStorage.getItem(storageKey(placement)) : null;
    const snapshot = saved ? (JSON.parse(saved) as FeedSnapshot) : null;
    return snapshot && Array.isArray(snapshot.cards) && typeof snapshot.scrollY === 'number' ? snapshot : null;
  } catch {
    return null;
  }
}

/**
 * The "guess you like" waterfall, drawn into `container`: a masonry of personalised products that
 * loads more as the shopper nears the end. Only the cards near the viewport are in the page (the
 * feed may run to thousands), each placed by an incremental layout; every box is reserved from its
 * image size, so nothing shifts; Back returns to the same cards at the same place. A WAI-ARIA feed:
 * one Tab stop, Page Down / Page Up between cards. Behaviour is the FeedModel's; this draws it.
 */
export function createWaterfallView(container: HTMLElement | ShadowRoot, options: WaterfallOptions): { destroy(): void } {
  const locale = resolveLocale(options.locale ?? options.shopscene.locale);
  return withMessages(locale, (text) => drawWaterfall(container, options, locale, text));
}

function drawWaterfall(container: HTMLElement | ShadowRoot, options: WaterfallOptions, locale: string, text: WidgetMessages): { destroy(): void } {
  const { shopscene, pageSize = 12, placement = 'guess-you-like', gap = 12, dislike = true } = options;
  const fallbackHeading = placement.startsWith('related:') ? text.alsoViewed : text.guessYouLike;
  const heading = options.heading === undefined ? fallbackHeading : options.heading;
  const model = createFeedModel(shopscene, { placement, pageSize, listName: heading ?? fallbackHeading, ...(options.maxItems ? { maxItems: options.maxItems } : {}) });
  const id = ++views;

  const section = el('section', 'ss-gyl');
  section.dataset.scheme = options.scheme ?? 'auto';
  const grid = el('div', 'ss-grid');
  grid.setAttribute('role', 'feed');
  for (const target of [section, grid]) {
    if (heading) target.setAttribute('aria-labelledby', `ss-h-${id}`);
    else target.setAttribute('aria-label', text.recommended);
  }
  if (heading) {
    const h2 = el('h2', 'ss-heading', heading);
    h2.id = `ss-h-${id}`;
    section.append(h2);
  }
  const body = el('div', 'ss-body', grid);
  // Announcements for screen readers, out of the feed (a feed holds articles only).
  const live = el('p', 'ss-sr');
  live.setAttribute('role', 'status');
  section.append(body, live);
  container.append(section);
  const root = section.getRootNode();
  if (root instanceof ShadowRoot || root instanceof Document) adoptStyles(root, guessYouLikeCss);

  let width = 0;
  let masonry: Masonry | undefined;
  let laid: FeedCard[] = [];
  let layoutKey = '';
  /** Bumped when boxes move, so mounted cards take their new places. */
  let layoutVersion = 0;
  let columnWidth = 0;
  const mounted = new Map<number, { node: HTMLElement; stop: () => void; version: number; tab: number }>();
  let current = -1;
  let focused = -1;
  let footerKey = '';
  let restoreTo: number | null = null;
  let frame = 0;

  const layout = (cards: FeedCard[]) => {
    const columns = columnsFor(width, options.columns);
    columnWidth = Math.max(0, (width - gap * (columns - 1)) / columns);
    const key = `${columns}:${columnWidth}`;
    const height = (c: FeedCard) => Math.round((columnWidth * c.product.image.height) / c.product.image.width) + CARD_INFO_HEIGHT;
    const appended = masonry && key === layoutKey && cards.length >= laid.length && laid.every((c, i) => cards[i] === c);
    if (!appended) {
      masonry = createMasonry({ columns, columnWidth, gap });
      masonry.append(cards.map(height));
      layoutVersion++;
    } else if (cards.length > laid.length) masonry!.append(cards.slice(laid.length).map(height));
    laid = cards;
    layoutKey = key;
  };

  const render = () => {
    frame = 0;
    const cards = model.cards.peek();
    const status = model.status.peek();
    // Before the first layout (no width yet) no card is placed; the states below still show.
    layout(width ? cards : []);
    const m = masonry!;
    const height = m.height();
    grid.style.height = `${height}px`;
    body.style.height = `${height + FOOTER}px`;
    grid.setAttribute('aria-busy', String(status === 'loading' || status === 'idle'));

    // The cards near the viewport, and the one with focus, are in the page; the rest are not.
    const top = -grid.getBoundingClientRect().top;
    const position = new Map(cards.map((c, i) => [c.index, i] as const));
    if (!position.has(current)) current = cards[0]?.index ?? -1;
    // The card with focus stays, and so does the one in the tab order: Tab always finds the feed, and
    // the feed always holds an article.
    const { wanted, order } = feedWindow({
      visible: (from, to) => (width ? m.visible(from, to) : []),
      top,
      viewport: innerHeight,
      overscan: OVERSCAN,
      focused: position.get(focused) ?? -1,
      current: position.get(current) ?? -1,
    });
    // A feed with nothing in it (empty, or failed) is no feed: the footer says why.
    grid.hidden = !cards.length && status !== 'loading' && status !== 'idle';
    for (const [index, card] of mounted) {
      const at = position.get(index);
      if (at !== undefined && wanted.has(at)) continue;
      card.stop();
      card.node.remove();
      mounted.delete(index);
    }
    const setSize = String(status === 'end' ? cards.length : -1);
    // A frame makes a few new cards at most, those in view first: a jump far down (or the first
    // frame) never turns into one long task; the overscan follows in the next frames.
    let made = 0;
    for (const at of order) {
      const card = cards[at]!;
      let entry = mounted.get(card.index);
      if (!entry && made >= NEW_PER_FRAME) {
        schedule();
        continue;
      }
      if (!entry) {
        made++;
        const node = createProductCard(card, text, locale, dislike, `ss${id}`);
        entry = { node, stop: model.observe(node, card.product.id), version: -1, tab: 1 };
        mounted.set(card.index, entry);
        grid.append(node);
      }
      if (entry.version !== layoutVersion || !entry.node.style.top) {
        const box = m.boxes[at]!;
        Object.assign(entry.node.style, { insetInlineStart: `${box.x}px`, top: `${box.y}px`, width: `${columnWidth}px`, height: `${box.height}px` });
        (entry.node.querySelector('.ss-media') as HTMLElement).style.height = `${box.height - CARD_INFO_HEIGHT}px`;
        entry.version = layoutVersion;
      }
      entry.node.setAttribute('aria-setsize', setSize);
      // One card of the feed is in the tab order: the current one.
      const tab = card.index === current ? 0 : -1;
      if (entry.tab !== tab) {
        entry.tab = tab;
        for (const node of [entry.node, ...entry.node.querySelectorAll<HTMLElement>('a, button')]) node.tabIndex = tab;
      }
    }

    // The footer is a new element for each state, so it never moves (no layout shift).
    const busy = status === 'loading' || status === 'idle';
    const words = busy ? (cards.length ? text.loadingMore : text.loadingFirst) : status === 'error' ? text.failed : status === 'end' ? (cards.length ? (options.maxItems ? '' : text.end) : text.empty) : '';
    const key = `${cards.length}:${status}:${height}`;
    if (key !== footerKey) {
      footerKey = key;
      body.querySelector('.ss-footer')?.remove();
      const footer = el('div', 'ss-footer');
      footer.style.top = `${height + (cards.length ? gap : 0)}px`;
      if (busy) {
        const spinner = el('span', 'ss-spinner');
        spinner.setAttribute('aria-hidden', 'true');
        footer.append(spinner);
      }
      // Screen readers hear the state from the live region below; this is its picture.
      if (words) {
        const span = el('span', '', words);
        span.setAttribute('aria-hidden', 'true');
        footer.append(span);
      }
      if (status === 'error') {
        const retry = el('button', 'ss-retry', text.retry);
        retry.type = 'button';
        retry.onclick = () => void model.loadMore();
        footer.append(retry);
      }
      body.append(footer);
      live.textContent = status === 'ready' && cards.length > pageSize ? text.loadedMore(pageSize) : words;
    }

    if (restoreTo !== null) {
      scrollTo(scrollX, restoreTo);
      restoreTo = null;
      return schedule();
    }
    if (width && status === 'ready' && nextPageDue(top, innerHeight, height, PRELOAD)) void model.loadMore();
  };
  const schedule = () => {
    frame ||= requestAnimationFrame(render);
  };

  /** Focus on the card at `at` in feed order, rendering it first if it is not in the page. */
  const focusAt = (at: number) => {
    const card = model.cards.peek()[at];
    if (!card) return;
    current = focused = card.index;
    render();
    mounted.get(card.index)?.node.focus();
  };
  const cardAt = (target: EventTarget | null) => {
    const node = (target as Element | null)?.closest?.('.ss-card');
    const index = Number(node?.getAttribute('data-index'));
    return node ? model.cards.peek().findIndex((c) => c.index === index) : -1;
  };
  const onClick = (e: MouseEvent) => {
    const at = cardAt(e.target);
    const card = model.cards.peek()[at];
    if (!card) return;
    if ((e.target as Element).closest('.ss-dislike')) {
      // Keyboard users stay in place: the next card takes the focus.
      const cards = model.cards.peek();
      const next = cards[at + 1] ?? cards[at - 1];
      model.dislike(card.product.id);
      if (next) focusAt(model.cards.peek().indexOf(next));
    } else if ((e.target as Element).closest('.ss-link')) model.select(card.product.id);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.key === 'PageDown' ? 1 : e.key === 'PageUp' ? -1 : 0;
    const at = cardAt(e.target);
    if (!step || at < 0) return;
    e.preventDefault();
    focusAt(Math.max(0, Math.min(model.cards.peek().length - 1, at + step)));
  };
  const onFocusIn = (e: FocusEvent) => {
    const card = model.cards.peek()[cardAt(e.target)];
    if (card && card.index !== current) {
      current = focused = card.index;
      schedule();
    } else if (card) focused = card.index;
  };
  const onFocusOut = (e: FocusEvent) => {
    if (!grid.contains(e.relatedTarget as Node | null)) focused = -1;
  };
  grid.addEventListener('click', onClick);
  grid.addEventListener('keydown', onKeyDown);
  grid.addEventListener('focusin', onFocusIn);
  grid.addEventListener('focusout', onFocusOut);

  // The first cards are drawn as soon as they come, not a frame later.
  const unsubscribe = [model.cards.subscribe((cards) => (cards.length && !laid.length ? (cancelAnimationFrame(frame), render()) : schedule())), model.status.subscribe(schedule)];
  // Capture: the page, or any scrolling box around us.
  addEventListener('scroll', schedule, { capture: true, passive: true });
  addEventListener('resize', schedule, { passive: true });
  // A new width lays the cards out again, in the next frame (not inside the observer's callback:
  // changing layout there makes Chromium report "ResizeObserver loop completed…" to the page).
  const resize = () => {
    width = grid.clientWidth;
    schedule();
  };
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => requestAnimationFrame(resize)) : undefined;
  ro?.observe(grid);
  width = grid.clientWidth;

  // Kept when the page goes, so Back comes to the same cards (a page kept in the back/forward cache needs none).
  const save = () => {
    const snapshot = model.snapshot(scrollY);
    try {
      if (snapshot) sessionStorage.setItem(storageKey(placement), JSON.stringify(snapshot));
    } catch {}
  };
  addEventListener('pagehide', save);
  // The browser's number formatting takes tens of ms to start: in a task of its own, while the
  // first page loads, not inside the first frame of cards.
  const warm = setTimeout(() => formatPrice(1, 'USD', locale));
  const snapshot = readSnapshot(placement);
  if (snapshot?.cards.length) {
    restoreTo = snapshot.scrollY; // (before the cards: the first render, as they come, goes there)
    model.restore(snapshot);
  } else void model.loadMore();
  render();

  return {
    destroy() {
      cancelAnimationFrame(frame);
      clearTimeout(warm);
      for (const stop of unsubscribe) stop();
      removeEventListener('scroll', schedule, { capture: true });
      removeEventListener('resize', schedule);
      removeEventListener('pagehide', save);
      ro?.disconnect();
      for (const card of mounted.values()) card.stop();
      model.dispose();
      section.remove();
    },
  };
}
