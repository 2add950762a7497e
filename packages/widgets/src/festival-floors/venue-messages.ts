// The venue's strings, one table per locale (the waterfall's are in i18n/messages.ts): English ships
// with the festival part, the others load the first time a venue speaks their language.
import { resolveLocale } from '../i18n/messages.ts';
import type { VenueMessages } from './venue-message-types.ts';

export type { VenueMessages } from './venue-message-types.ts';

const en: VenueMessages = {
  loading: 'Loading the event…',
  none: 'No event is running right now.',
  floors: 'Floors',
  back: 'Scroll back',
  on: 'Scroll on',
  getCoupon: (label) => `Get coupon: ${label}`,
  claimed: (label) => `✓ Claimed: ${label}`,
  claimFailed: 'Could not claim — try again',
  claimUnavailable: 'Coupons are not available right now',
  loadingProducts: 'Loading products',
  floorFailed: 'These products could not be loaded.',
  floorEmpty: 'Nothing on this floor right now.',
  preview: (time, zone, traits) => `Preview · ${time} (${zone})${traits ? ` · ${traits}` : ''} — nothing is saved`,
  phase: { seeding: 'Coming soon', growing: 'Warm-up', harvest: 'On now', nurture: 'Last chance' },
  countdown: { growing: 'Warm-up starts in', harvest: 'The big day starts in', nurture: 'The big day ends in', end: 'Ends in' },
  action: { seeding: 'Remind me', growing: 'Add to wishlist', harvest: 'Buy now', nurture: 'Buy again' },
  done: 'Done',
  share: 'Share',
  shareItem: (title) => `Share ${title}`,
  shared: 'Shared — thank you!',
  copied: 'Link copied: paste it anywhere to share',
  copyThis: 'Copy this link to share:',
};

/** The venue's message tables by locale: English always; our others load on demand ({@link loadVenueMessages}). */
export const VENUE_MESSAGES: Record<string, VenueMessages> = { en };

/** Our other tables, each loaded the first time a venue speaks its language. */
const BUILT_IN: Record<string, () => Promise<{ venue: VenueMessages }>> = { 'zh-CN': () => import('./venue-zh-CN.ts') };

/** The venue's strings for `locale` (falling back as the waterfall's do), if its table is here; else English. */
export function venueMessagesFor(locale?: string): VenueMessages {
  return VENUE_MESSAGES[resolveLocale(locale)] ?? en;
}

/** The venue's strings for `locale`, loading our table for it first if need be; English if that fails. */
export async function loadVenueMessages(locale?: string): Promise<VenueMessages> {
  const key = resolveLocale(locale);
  if (!VENUE_MESSAGES[key] && BUILT_IN[key]) {
    try {
      VENUE_MESSAGES[key] = (await BUILT_IN[key]()).venue;
    } catch {}
  }
  return venueMessagesFor(key);
}
