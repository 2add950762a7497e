import type { FeedSource, VenueSource } from '@shopscene/core';
import { createVenueView } from './create-venue-view.ts';

/**
 * Draws a festival venue into `host`'s shadow root (made if missing); `scene` (or the host's
 * `scene`/`data-scene`) names the scene. Never throws into the page. Returns a function that removes it.
 */
export function mountFestivalFloors(host: Element, shopscene: VenueSource & FeedSource, scene = host.getAttribute('scene') ?? host.getAttribute('data-scene') ?? undefined): () => void {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  try {
    const locale = host.getAttribute('locale') ?? host.getAttribute('data-locale') ?? undefined;
    const view = createVenueView(root, { shopscene, ...(scene ? { scene } : {}), ...(locale ? { locale } : {}) });
    return () => view.destroy();
  } catch (error) {
    try {
      console.warn(`shopscene: the festival-floors widget failed and was hidden: ${error instanceof Error ? error.message : String(error)}`);
    } catch {}
    return () => {};
  }
}
