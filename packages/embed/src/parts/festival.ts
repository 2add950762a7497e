// The part for festival venues: the themed floors of a scene.
import { mountFestivalFloors as mount } from '@shopscene/widgets';
import type { Engine } from '../host.ts';

/** Renders the venue of `scene` (or the scene selected for the shopper) into `host`. */
export function mountFestivalFloors(host: Element, engine: Engine, scene?: string): () => void {
  return mount(host, engine.sdk, scene);
}
