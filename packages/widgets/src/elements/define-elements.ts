import type { FeedSource, VenueSource } from '@shopscene/core';
import { mountFestivalFloors } from '../festival-floors/mount-festival-floors.ts';
import { mountGuessYouLike, propsFromAttributes } from '../guess-you-like/mount-guess-you-like.ts';

/** The custom element names we define. */
export const ELEMENT_NAMES = { guessYouLike: 'shopscene-guess-you-like', festivalFloors: 'shopscene-festival-floors' } as const;

/** The attributes our elements read; changing one after mount draws the widget again with it. */
export const ELEMENT_ATTRIBUTES = ['page-size', 'heading', 'placement', 'locale', 'scheme', 'dislike', 'max-items', 'scene'] as const;

/** A custom element that mounts a widget while connected, and again when one of its attributes changes. */
function element(mount: (host: HTMLElement) => () => void): CustomElementConstructor {
  return class extends HTMLElement {
    static get observedAttributes() {
      return ELEMENT_ATTRIBUTES;
    }
    #unmount: (() => void) | undefined;
    connectedCallback() {
      this.#unmount ??= mount(this);
    }
    disconnectedCallback() {
      this.#unmount?.();
      this.#unmount = undefined;
    }
    attributeChangedCallback(_name: string, before: string | null, after: string | null) {
      if (before === after || !this.#unmount) return;
      this.#unmount();
      this.#unmount = mount(this);
    }
  };
}

/**
 * Defines `<shopscene-guess-you-like>` (attributes `page-size`, `heading`, `placement`, `locale`,
 * `scheme`, `dislike`, `max-items`) and,
 * for a full SDK instance, `<shopscene-festival-floors scene="…">`, for use in any framework or none.
 * Safe to call twice.
 */
export function defineElements(shopscene: FeedSource | (FeedSource & VenueSource), registry: CustomElementRegistry = customElements): void {
  if ('activeScene' in shopscene && !registry.get(ELEMENT_NAMES.festivalFloors)) {
    registry.define(ELEMENT_NAMES.festivalFloors, element((host) => mountFestivalFloors(host, shopscene)));
  }
  if (registry.get(ELEMENT_NAMES.guessYouLike)) return;
  registry.define(ELEMENT_NAMES.guessYouLike, element((host) => mountGuessYouLike(host, { shopscene, ...propsFromAttributes(host) })));
}
