// The part for "guess you like": the recommender and the waterfall widget.
import { mountGuessYouLike as mount, propsFromAttributes } from '@shopscene/widgets';
import type { Engine } from '../host.ts';

export { createEngine } from './engine.ts';

/** Renders the waterfall into a placeholder or our custom element; returns a function that removes it. */
export function mountGuessYouLike(host: Element, engine: Engine): () => void {
  return mount(host, { shopscene: engine.sdk, ...propsFromAttributes(host) });
}
