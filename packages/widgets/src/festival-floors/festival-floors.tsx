import { useLayoutEffect, useRef } from 'preact/hooks';
import { createVenueView } from './create-venue-view.ts';
import type { VenueViewOptions } from './venue-view.ts';

/** Props of {@link FestivalFloors}. */
export type FestivalFloorsProps = VenueViewOptions;

/**
 * A festival venue as a Preact component (see `createVenueView`, which draws it: the script tag
 * uses that directly, without Preact). A change of props draws it anew.
 */
export function FestivalFloors(props: FestivalFloorsProps) {
  const host = useRef<HTMLDivElement>(null);
  const { shopscene, scene, waterfall, locale } = props;
  useLayoutEffect(() => {
    const view = createVenueView(host.current!, props);
    return () => view.destroy();
  }, [shopscene, scene, waterfall, locale]);
  return <div ref={host} class="ss-venue-host" />;
}
