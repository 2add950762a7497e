// Every string the widgets show, one table per locale. Add a locale by adding a table; a missing one
// falls back to its language, then to English.

import type { WidgetMessages } from './message-types.ts';

export type { WidgetMessages } from './message-types.ts';

const en: WidgetMessages = {
  guessYouLike: 'Guess you like',
  alsoViewed: 'Shoppers also viewed',
  recommended: 'Recommended products',
  loadingFirst: 'Loading recommendations…',
  loadingMore: 'Loading more…',
  loadedMore: (count) => `${count} more products`,
  failed: 'Couldn’t load recommendations.',
  retry: 'Retry',
  end: 'You’ve seen everything for now.',
  empty: 'Nothing to recommend yet — browse a little and come back.',
  notInterested: (title) => `Not interested in ${title}`,
  notInterestedShort: 'Not interested',
  reason: {
    viewed: (name) => (name ? `Because you viewed ${name}` : 'Like what you viewed'),
    reminder: 'You looked at this recently',
    related: (name) => (name ? `Shoppers who viewed ${name} also viewed this` : 'Often viewed together'),
    category: (name) => (name ? `Because you like ${name}` : 'For your interests'),
    brand: (name) => `More from ${name ?? 'this brand'}`,
    search: (term) => `Matches your search “${term ?? ''}”`,
    popular: 'Popular right now',
    explore: 'Something new to discover',
    scene: (label) => `For ${label ?? 'the event'}`,
  },
  moreFor: (scene) => `More for ${scene}`,
  forYou: 'Recommended for you',
};

/** The message tables by locale: English always; add your own (`MESSAGES.fr = {…}`) before a widget mounts. */
export const MESSAGES: Record<string, WidgetMessages> = { en };

/** Our other tables, each loaded the first time a widget speaks its language (a page in English never fetches them). */
const BUILT_IN: Record<string, () => Promise<{ messages: WidgetMessages }>> = { 'zh-CN': () => import('./zh-CN.ts') };

/** The locale a widget speaks: the one given, else the page's `lang`, else the browser's; as a table key. */
export function resolveLocale(locale?: string): string {
  const wanted = locale || (typeof document !== 'undefined' ? document.documentElement.lang : '') || (typeof navigator !== 'undefined' ? navigator.language : '') || 'en';
  const known = [...Object.keys(MESSAGES), ...Object.keys(BUILT_IN)];
  if (known.includes(wanted)) return wanted;
  const language = wanted.split('-')[0]!.toLowerCase();
  // Chinese without a region is Simplified here (zh, zh-Hans, zh-SG); our only Chinese table is zh-CN.
  return known.find((key) => key.split('-')[0] === language) ?? 'en';
}

/** The strings for `locale` (see {@link resolveLocale}), if its table is here (else English: see {@link loadMessages}). */
export function messagesFor(locale?: string): WidgetMessages {
  return MESSAGES[resolveLocale(locale)] ?? MESSAGES.en!;
}

/** The strings for `locale`, loading our table for it first if need be; English if that fails. */
export async function loadMessages(locale?: string): Promise<WidgetMessages> {
  const key = resolveLocale(locale);
  if (!MESSAGES[key] && BUILT_IN[key]) {
    try {
      MESSAGES[key] = (await BUILT_IN[key]()).messages;
    } catch {}
  }
  return messagesFor(key);
}

/**
 * Runs `draw` with `here` at once when it is given, else with what `load` resolves to (unless
 * `destroy` came first). For views, whose constructors return before they draw.
 */
export function drawWhenLoaded<T>(here: T | undefined, load: () => Promise<T>, draw: (loaded: T) => { destroy(): void }): { destroy(): void } {
  let view: { destroy(): void } | undefined;
  let gone = false;
  if (here) view = draw(here);
  else void load().then((loaded) => void (gone || (view = draw(loaded))));
  return {
    destroy() {
      gone = true;
      view?.destroy();
    },
  };
}

/** Runs `draw` with the strings for `locale`: at once when they are here, else once they have loaded. */
export function withMessages(locale: string, draw: (text: WidgetMessages) => { destroy(): void }): { destroy(): void } {
  return drawWhenLoaded(MESSAGES[locale], () => loadMessages(locale), draw);
}
