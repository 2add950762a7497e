// The waterfall's window arithmetic, apart from the DOM: which cards a frame keeps in the page, in
// which order it makes the new ones, and when the next page is due. waterfall-view.ts binds it.

/** Input of {@link feedWindow}: px from the waterfall's top, and feed positions (-1 for none). */
export interface FeedWindowInput {
  /** The feed positions of the cards whose boxes meet `from`–`to` (the masonry's `visible`). */
  visible(from: number, to: number): number[];
  /** Where the viewport's top is. */
  top: number;
  /** The viewport's height. */
  viewport: number;
  /** Viewports kept drawn above and below it. */
  overscan: number;
  /** The card with focus: kept whatever the scroll, and made first. */
  focused: number;
  /** The card in the tab order: kept, so Tab always finds the feed. */
  current: number;
}

/**
 * The cards to have in the page (`wanted`: those in the viewport or its overscan, the focused one, the
 * current one) and the order to make them in (`order`: the focused one, then those in view, then the
 * overscan, each in feed order), so a frame that may make only a few makes the ones that show.
 */
export function feedWindow({ visible, top, viewport, overscan, focused, current }: FeedWindowInput): { wanted: Set<number>; order: number[] } {
  const wanted = new Set(visible(top - overscan * viewport, top + (1 + overscan) * viewport));
  for (const at of [focused, current]) if (at >= 0) wanted.add(at);
  const inView = new Set(visible(top, top + viewport));
  const rank = (at: number) => (at === focused ? 2 : inView.has(at) ? 1 : 0);
  return { wanted, order: [...wanted].sort((a, b) => rank(b) - rank(a)) };
}

/** Whether the next page is due: the end of the waterfall is within `preload` viewports below the viewport's bottom. */
export const nextPageDue = (top: number, viewport: number, height: number, preload: number): boolean => top + (1 + preload) * viewport >= height;
