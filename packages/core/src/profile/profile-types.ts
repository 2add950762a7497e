/** A weight that fades with time: `w` was its value at time `t` (epoch ms). */
export interface Decayed {
  w: number;
  t: number;
}

/** A product the shopper touched, with just enough to explain a recommendation. */
export interface RecentItem {
  id: string;
  time: number;
  name?: string;
  brand?: string;
  category?: string;
}

/** Where a shopper stands with a brand or category: Awareness → Interest → Purchase → Loyalty. */
export type AiplStage = 'none' | 'awareness' | 'interest' | 'purchase' | 'loyalty';

/** The last time of each AIPL signal for one brand or category; stages are computed from these. */
export interface AiplFacts {
  exposed?: number;
  interested?: number;
  /** Purchase times, newest last (a few are enough to tell a repeat buyer). */
  purchases: number[];
  /** Last share or review after buying. */
  advocated?: number;
}

/** One order, for RFM. `refunded` is the amount given back. */
export interface Order {
  id: string;
  time: number;
  value: number;
  refunded?: number;
}

/** The version of the profile shape written by this build; older ones are migrated on load. */
export const PROFILE_VERSION = 2;

/** The shopper profile: versioned, bounded, and free of anything personally identifying. */
export interface Profile {
  version: typeof PROFILE_VERSION;
  anonymousId: string;
  createdAt: number;
  updatedAt: number;
  /** How many events have been reduced into this profile. */
  eventCount: number;
  /** Declared traits, only what the store passed to `identify`. */
  traits: Record<string, string | number | boolean>;
  affinities: {
    category: Record<string, Decayed>;
    brand: Record<string, Decayed>;
    tag: Record<string, Decayed>;
  };
  searches: { term: string; time: number }[];
  viewed: RecentItem[];
  carted: RecentItem[];
  bought: RecentItem[];
  orders: Order[];
  dislikes: { id: string; time: number }[];
  /** Impressions per item (for fatigue): how often shown, and when last. */
  impressions: Record<string, Decayed>;
  /** AIPL signals per brand and per category. */
  aipl: { brand: Record<string, AiplFacts>; category: Record<string, AiplFacts> };
  /** The AIPL stage last announced with a `stage_change` event, by `brand:X` or `category:Y`. */
  stages: Record<string, AiplStage>;
  /** The A/B tests this shopper was exposed to: experiment (a scene's id) → variant. Absent in older profiles. */
  experiments?: Record<string, string>;
  /** Visits through someone's shared link, oldest first (the last 10). Absent in older profiles. */
  referrals?: Referral[];
}

/** A visit through a shared link: the sharer's referrer code, when, and the link's UTM parameters. */
export interface Referral {
  code: string;
  time: number;
  source?: string;
  medium?: string;
  campaign?: string;
  content?: string;
}

/** How a profile decays and how large it may grow. */
export interface ProfileOptions {
  /** Days after which an interest counts half. @default 14 */
  halfLifeDays?: number;
  /** Most entries kept per affinity kind (weakest pruned first). @default 60 */
  maxAffinities?: number;
  /** Most entries kept per recent-items list and per search list. @default 50 */
  maxRecent?: number;
  /** Most disliked items kept. @default 500 */
  maxDislikes?: number;
  /** Most items with impression counts kept (faded ones pruned first). @default 300 */
  maxImpressions?: number;
  /** Most orders kept for RFM (oldest dropped first). @default 400 */
  maxOrders?: number;
  /** Most brands and categories with AIPL signals kept (least recent dropped first). @default 100 */
  maxAipl?: number;
}

/** The defaults of {@link ProfileOptions}. */
export const PROFILE_DEFAULTS: Required<ProfileOptions> = {
  halfLifeDays: 14,
  maxAffinities: 60,
  maxRecent: 50,
  maxDislikes: 500,
  maxImpressions: 300,
  maxOrders: 400,
  maxAipl: 100,
};
