import { adoptStyles } from '../ui/adopt-styles.ts';
import { CARD_INFO_HEIGHT, ProductCard } from '../ui/product-card.tsx';
import { guessYouLikeCss } from './styles.ts';
import { columnsFor, FeedModel, layoutMasonry, type ColumnBreakpoints, type FeedSource } from '@shopscene/core';
import { useComputed, useSignal } from '@preact/signals';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'preact/hooks';

/** Props of {@link GuessYouLike}. */
export interface GuessYouLikeProps {
  /** The SDK instance (`createShopscene(...)`, or `window.shopscene` on a script-tag page). */
  shopscene: FeedSource;
  /** Cards per page. @default 12 */
  pageSize?: number;
  /** @default 'guess-you-like' */
  placement?: string;
  /** The title above the waterfall; `null` for none. @default 'Guess you like' */
  heading?: string | null;
  /** Columns by container width. @default { 0: 2, 520: 3, 760: 4, 1000: 5 } */
  columns?: ColumnBreakpoints;
  /** Space between cards in px. @default 12 */
  gap?: number;
  /** For prices. @default the browser's */
  locale?: string;
  /** Show a "not interested" control on each card. @default true */
  dislike?: boolean;
}

/** Height of the footer row (loading, end and error states). */
const FOOTER = 56;
/** Start loading the next page when the end is this close. */
const PRELOAD_MARGIN = '800px 0px';

/**
 * The "guess you like" waterfall: a masonry of personalised products that loads more as the shopper
 * nears the end. Every card's box is reserved from its image size, so nothing shifts as images load.
 */
export function GuessYouLike(props: GuessYouLikeProps) {
  const { shopscene, pageSize = 12, placement = 'guess-you-like', heading = 'Guess you like', gap = 12, locale } = props;
  const model = useMemo(() => new FeedModel(shopscene, { placement, pageSize }), [shopscene, placement, pageSize]);
  useEffect(() => {
    void model.loadMore();
    // The model owns no effects, so its own dispose() (observers, timers) is all there is to stop.
    return () => model.dispose();
  }, [model]);

  const grid = useRef<HTMLDivElement>(null);
  const width = useSignal(0);
  useLayoutEffect(() => {
    const el = grid.current;
    if (!el) return;
    // Styles go to wherever we are rendered: our shadow root, or the document for a plain Preact import.
    const root = el.getRootNode();
    if (root instanceof ShadowRoot || root instanceof Document) adoptStyles(root, guessYouLikeCss);
    width.value = el.clientWidth;
    if (typeof ResizeObserver !== 'function') return;
    // Apply the new width in the next frame: changing layout inside the observer's callback makes
    // Chromium report "ResizeObserver loop completed…" to the host page's window.onerror.
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => (width.value = el.clientWidth));
    });
    ro.observe(el);
    return () => (cancelAnimationFrame(frame), ro.disconnect());
  }, []);

  const columnRules = props.columns;
  const layout = useComputed(() => {
    const columns = columnsFor(width.value, columnRules);
    const columnWidth = Math.max(0, (width.value - gap * (columns - 1)) / columns);
    const imageHeights = model.cards.value.map((c) => Math.round((columnWidth * c.product.image.height) / c.product.image.width));
    const { positions, height } = layoutMasonry({ heights: imageHeights.map((h) => h + CARD_INFO_HEIGHT), columns, columnWidth, gap });
    return { columns, columnWidth, imageHeights, positions, height };
  });

  // The sentinel is a new element after every page (keyed), so it never moves (no layout shift), and a
  // page that arrived with the end still in view triggers the next one when the new sentinel is observed.
  const sentinelObserver = useRef<IntersectionObserver | undefined>(undefined);
  const sentinel = useCallback(
    (el: HTMLElement | null) => {
      sentinelObserver.current?.disconnect();
      if (!el || typeof IntersectionObserver !== 'function') return;
      sentinelObserver.current = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting) && model.status.peek() === 'ready') void model.loadMore();
        },
        { rootMargin: PRELOAD_MARGIN },
      );
      sentinelObserver.current.observe(el);
    },
    [model],
  );
  useEffect(() => () => sentinelObserver.current?.disconnect(), []);

  const onDislike = useCallback(
    (id: string, element: HTMLElement) => {
      // Keep keyboard users in place: move focus to the next card's link before this one goes.
      const next = element.nextElementSibling?.querySelector<HTMLElement>('.ss-link');
      model.dislike(id);
      next?.focus();
    },
    [model],
  );

  const { positions, imageHeights, columnWidth, height } = layout.value;
  const cards = model.cards.value;
  const status = model.status.value;
  const ready = width.value > 0;
  return (
    <section class="ss-gyl" aria-label={heading ?? 'Recommended products'}>
      {heading && <h2 class="ss-heading">{heading}</h2>}
      <div
        ref={grid}
        class="ss-grid"
        role="feed"
        aria-busy={status === 'loading'}
        style={{ height: `${(ready ? height : 0) + FOOTER}px` }}
      >
        {ready &&
          cards.map((card, i) => (
            <ProductCard
              key={card.product.id}
              card={card}
              box={{ x: positions[i]!.x, y: positions[i]!.y, width: columnWidth, imageHeight: imageHeights[i]! }}
              {...(locale ? { locale } : {})}
              observe={model.observe}
              onSelect={model.select}
              {...(props.dislike !== false ? { onDislike } : {})}
            />
          ))}
        <div key={`footer-${cards.length}-${status}`} class="ss-footer" style={{ top: `${ready ? height + (cards.length ? gap : 0) : 0}px` }} aria-live="polite">
          {status === 'loading' || status === 'idle' ? (
            <>
              <span class="ss-spinner" aria-hidden="true" />
              <span>{cards.length ? 'Loading more…' : 'Loading recommendations…'}</span>
            </>
          ) : status === 'error' ? (
            <>
              <span>Couldn’t load recommendations.</span>
              <button type="button" class="ss-retry" onClick={() => void model.loadMore()}>
                Retry
              </button>
            </>
          ) : status === 'end' ? (
            <span>{cards.length ? 'You’ve seen everything for now.' : 'Nothing to recommend yet — browse a little and come back.'}</span>
          ) : (
            <span ref={sentinel} class="ss-sentinel" />
          )}
        </div>
      </div>
    </section>
  );
}
