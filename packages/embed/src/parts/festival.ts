// The part for festival venues: the themed floors of a scene.
import { mountFestivalFloors as mount } from '@shopscene/widgets';
import type { VenueSource } from '@shopscene/core';
import type { Engine } from '../host.ts';

/** Renders the venue of `scene` (or the scene selected for the shopper) into `host`. */
export function mountFestivalFloors(host: Element, engine: Engine, scene: string | undefined, page: Pick<VenueSource, 'consent' | 'onGroup'>): () => void {
  // The page's onGroup is read when a shopper joins: a handler pushed after the venue mounted still counts.
  return mount(host, { ...engine.sdk, consent: page.consent, get onGroup() { return page.onGroup; } }, scene);
}
