import { seededUnit } from '../util/hash.ts';

/** The query parameter a shared link carries the sharer's referrer code in. */
export const REFERRAL_PARAM = 'ss_ref';

/** The `page_view` fields a landing through a shared link fills in. */
export type LandingFields = Partial<Record<'referral' | 'utm_source' | 'utm_medium' | 'utm_campaign' | 'utm_content', string>>;

/** What a landing page's URL says about a shared link: the referrer code (`ss_ref` → `referral`) and UTM parameters it carries, each cut to 200 characters. */
export function linkReferral(href: string): LandingFields {
  const out: Record<string, string> = {};
  try {
    const query = new URL(href).searchParams;
    for (const param of [REFERRAL_PARAM, 'utm_source', 'utm_medium', 'utm_campaign', 'utm_content']) {
      const value = query.get(param);
      if (value) out[param === REFERRAL_PARAM ? 'referral' : param] = value.slice(0, 200);
    }
  } catch {}
  return out;
}

/**
 * A shopper's referrer code: derived from their anonymous id (the same shopper, the same code; the
 * id itself never leaves in a link), 64 bits in base 36.
 */
export function referralCode(anonymousId: string): string {
  const part = (seed: number) => Math.floor(seededUnit(seed, anonymousId) * 2 ** 32).toString(36).padStart(7, '0');
  return part(0x5a1e) + part(0x0c0de);
}

/** What a shared link is tagged with. */
export interface ShareTags {
  /** The sharer's referrer code (left out when they have not consented to tracking). */
  referral?: string;
  /** `utm_campaign`, e.g. the scene's id. */
  campaign?: string;
  /** `utm_content`, e.g. the floor or product shared. */
  content?: string;
}

/** `href` (relative to `base`, by default the page) tagged for sharing: `utm_source=shopscene&utm_medium=share`, the campaign, the content and the referrer code. */
export function shareLink(href: string, tags: ShareTags, base?: string): string {
  const link = new URL(href, base ?? (typeof location === 'object' ? location.href : undefined));
  // A preview is the marketer's own view, never passed on.
  for (const key of [...link.searchParams.keys()]) if (key.startsWith('shopscene-preview')) link.searchParams.delete(key);
  const set = (key: string, value: string | undefined) => (value ? link.searchParams.set(key, value) : link.searchParams.delete(key));
  set('utm_source', 'shopscene');
  set('utm_medium', 'share');
  set('utm_campaign', tags.campaign);
  set('utm_content', tags.content);
  set(REFERRAL_PARAM, tags.referral);
  return link.href;
}
