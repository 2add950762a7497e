import type { WaterfallOptions } from './waterfall-view.ts';
import { createWaterfallView } from './waterfall-view.ts';

/** Reads widget settings from a host element's attributes: `page-size`, `heading`, `placement`, `locale`, `scheme`, `dislike`, `max-items` (or `data-…`). */
export function propsFromAttributes(host: Element): Omit<WaterfallOptions, 'shopscene'> {
  const attr = (name: string) => host.getAttribute(name) ?? host.getAttribute(`data-${name}`) ?? undefined;
  const props: Omit<WaterfallOptions, 'shopscene'> = {};
  const pageSize = Number(attr('page-size'));
  if (Number.isInteger(pageSize) && pageSize > 0 && pageSize <= 100) props.pageSize = pageSize;
  const heading = attr('heading');
  if (heading !== undefined) props.heading = heading || null;
  const placement = attr('placement');
  if (placement) props.placement = placement;
  const locale = attr('locale');
  if (locale) props.locale = locale;
  const scheme = attr('scheme');
  if (scheme === 'light' || scheme === 'dark' || scheme === 'auto') props.scheme = scheme;
  if (attr('dislike') === 'false') props.dislike = false;
  const maxItems = Number(attr('max-items'));
  if (Number.isInteger(maxItems) && maxItems > 0) props.maxItems = maxItems;
  return props;
}

/**
 * Draws the waterfall into `host`'s shadow root (made if missing), with its own styles, so nothing
 * leaks in or out; never throws into the page. Returns a function that removes it.
 */
export function mountGuessYouLike(host: Element, options: WaterfallOptions): () => void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  try {
    const view = createWaterfallView(root, options);
    return () => view.destroy();
  } catch (error) {
    try {
      console.warn(`shopscene: the guess-you-like widget failed and was hidden: ${error instanceof Error ? error.message : String(error)}`);
    } catch {}
    return () => {};
  }
}
