import { useLayoutEffect, useRef } from 'preact/hooks';
import { createWaterfallView, type WaterfallOptions } from './waterfall-view.ts';

/** Props of {@link GuessYouLike}. */
export type GuessYouLikeProps = WaterfallOptions;

/**
 * The "guess you like" waterfall as a Preact component (see `createWaterfallView`, which draws it:
 * the script tag uses that directly, without Preact). A change of props draws it anew.
 */
export function GuessYouLike(props: GuessYouLikeProps) {
  const host = useRef<HTMLDivElement>(null);
  const { shopscene, pageSize, placement, heading, columns, gap, locale, scheme, dislike, maxItems } = props;
  useLayoutEffect(() => {
    const view = createWaterfallView(host.current!, props);
    return () => view.destroy();
  }, [shopscene, pageSize, placement, heading, JSON.stringify(columns ?? null), gap, locale, scheme, dislike, maxItems]);
  return <div ref={host} class="ss-gyl-host" />;
}
