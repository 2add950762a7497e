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

/** The shopper profile: versioned, bounded, and free of anything personally identifying. */
export interface Profile {
  version: 1;
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
  orders: { id: string; time: number; value: number }[];
  dislikes: { id: string; time: number }[];
  /** Impressions per item (for fatigue): how often shown, and when last. */
  impressions: Record<string, Decayed>;
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
}

/** The defaults of {@link ProfileOptions}. */
export const PROFILE_DEFAULTS: Required<ProfileOptions> = {
  halfLifeDays: 14,
  maxAffinities: 60,
  maxRecent: 50,
  maxDislikes: 500,
  maxImpressions: 300,
};
