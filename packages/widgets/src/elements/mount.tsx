import { render } from 'preact';
import type { Shopscene } from '@shopscene/core';
import { FestivalFloors } from '../festival-floors/festival-floors.tsx';
import { GuessYouLike, type GuessYouLikeProps } from '../guess-you-like/guess-you-like.tsx';
import { ErrorBoundary } from '../ui/error-boundary.tsx';

/** Reads widget settings from a host element's attributes: `page-size`/`data-page-size`, `heading`, `placement`, `locale`. */
export function propsFromAttributes(host: Element): Omit<GuessYouLikeProps, 'shopscene'> {
  const attr = (name: string) => host.getAttribute(name) ?? host.getAttribute(`data-${name}`) ?? undefined;
  const props: Omit<GuessYouLikeProps, 'shopscene'> = {};
  const pageSize = Number(attr('page-size'));
  if (Number.isInteger(pageSize) && pageSize > 0 && pageSize <= 100) props.pageSize = pageSize;
  const heading = attr('heading');
  if (heading !== undefined) props.heading = heading || null;
  const placement = attr('placement');
  if (placement) props.placement = placement;
  const locale = attr('locale');
  if (locale) props.locale = locale;
  return props;
}

/**
 * Renders the waterfall into `host`'s shadow root (made if missing) with its own styles, so nothing
 * leaks in or out. Returns a function that unmounts it.
 */
export function mountGuessYouLike(host: Element, props: GuessYouLikeProps): () => void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  render(
    <ErrorBoundary name="guess-you-like">
      <GuessYouLike {...props} />
    </ErrorBoundary>,
    root,
  );
  return () => render(null, root);
}

/** Renders a festival venue into `host`'s shadow root; `scene` (or the host's `scene`/`data-scene`) names the scene. */
export function mountFestivalFloors(host: Element, shopscene: Shopscene, scene = host.getAttribute('scene') ?? host.getAttribute('data-scene') ?? undefined): () => void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  render(
    <ErrorBoundary name="festival-floors">
      <FestivalFloors shopscene={shopscene} {...(scene ? { scene } : {})} />
    </ErrorBoundary>,
    root,
  );
  return () => render(null, root);
}
