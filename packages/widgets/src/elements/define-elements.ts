import type { FeedSource } from '@shopscene/core';
import { mountGuessYouLike, propsFromAttributes } from './mount.tsx';

/** The custom element names we define. */
export const ELEMENT_NAMES = { guessYouLike: 'shopscene-guess-you-like' } as const;

/**
 * Defines `<shopscene-guess-you-like>` for an SDK instance, for use in any framework or none.
 * Safe to call twice. Attributes: `page-size`, `heading`, `placement`, `locale`.
 */
export function defineElements(shopscene: FeedSource, registry: CustomElementRegistry = customElements): void {
  if (registry.get(ELEMENT_NAMES.guessYouLike)) return;
  registry.define(
    ELEMENT_NAMES.guessYouLike,
    class extends HTMLElement {
      #unmount: (() => void) | undefined;
      connectedCallback() {
        this.#unmount ??= mountGuessYouLike(this, { shopscene, ...propsFromAttributes(this) });
      }
      disconnectedCallback() {
        this.#unmount?.();
        this.#unmount = undefined;
      }
    },
  );
}
