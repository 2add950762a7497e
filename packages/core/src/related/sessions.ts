// Replaying a store's log as the SDK would have seen it, shared by the offline evaluation
// (`shopscene eval`) and the fitting of a blend (`shopscene tune`): sessions split by time, the catalog
// the earlier ones show, each later session's next-item predictions, and their scores.
import type { Product, RelatedItem } from '../adapters/product.ts';
import type { ShopEvent } from '../events/event-schema.ts';
import { createProfile } from '../profile/create-profile.ts';
import { reduceProfile } from '../profile/reduce-profile.ts';
import type { Profile } from '../profile/profile-types.ts';
import { RELATED_DEFAULTS } from './build-related.ts';
import { sameStep, type LogRecord } from './log-records.ts';

/** A session as replayed: its records in order. */
export type Session = LogRecord[];

/** Hit rate, mean reciprocal rank and normalised discounted cumulative gain at k, over every prediction. */
export interface Scores {
  hr: number;
  mrr: number;
  ndcg: number;
  predictions: number;
}

/** Adds up predictions: each has one right answer (the next item) and a ranked list of guesses. */
export function createScorer(k = 10) {
  let hits = 0;
  let rr = 0;
  let gain = 0;
  let predictions = 0;
  return {
    add(guesses: readonly string[], next: string) {
      predictions++;
      const at = guesses.slice(0, k).indexOf(next);
      if (at < 0) return;
      hits++;
      rr += 1 / (at + 1);
      gain += 1 / Math.log2(at + 2); // one relevant item: the ideal DCG is 1
    },
    scores: (): Scores => (predictions ? { hr: hits / predictions, mrr: rr / predictions, ndcg: gain / predictions, predictions } : { hr: 0, mrr: 0, ndcg: 0, predictions: 0 }),
  };
}

/**
 * Sessions of a log: by session id, a new one after a gap (as the related lists see visits), records in
 * time order; the view of the page of an item just clicked in a list is that click's step, not another.
 */
export function sessionsOf(records: readonly LogRecord[], gapMs = RELATED_DEFAULTS.visitGapMs): Session[] {
  const bySession = new Map<string, LogRecord[]>();
  for (const r of records) {
    const list = bySession.get(r.session);
    if (list) list.push(r);
    else bySession.set(r.session, [r]);
  }
  const out: Session[] = [];
  for (const list of bySession.values()) {
    list.sort((a, b) => a.time - b.time);
    let current: Session = [];
    /** The latest record read, kept or not (as the related lists' builder sees a visit). */
    let before: LogRecord | undefined;
    for (const r of list) {
      if (before && r.time - before.time > gapMs) (out.push(current), (current = []));
      // The page of an item just clicked in a list: the click's step (see sameStep).
      else if (sameStep(before, r)) {
        before = r;
        continue;
      }
      current.push(r);
      before = r;
    }
    out.push(current);
  }
  return out.sort((a, b) => a[0]!.time - b[0]!.time);
}

/** The earlier sessions to learn from, the later ones to test on (by when each began). */
export function splitByTime(sessions: readonly Session[], testShare = 0.2): { train: Session[]; test: Session[] } {
  const cut = Math.floor(sessions.length * (1 - testShare));
  return { train: sessions.slice(0, cut), test: sessions.slice(cut).filter((s) => s.length > 1) };
}

/**
 * The store's catalog as a log shows it: each item of the earlier sessions (`train`) with its popularity
 * there, and its category and brand when the log has them; then the items only the later sessions
 * (`later`) name, with no popularity — a store's catalog has them too, even before anyone opened them,
 * and a shopper may come back to one (judged without them, rank() could never name an item new since
 * the split, while "the session's own items" could). Nothing of the later sessions counts otherwise.
 */
export function catalogOf(train: readonly Session[], related?: Map<string, RelatedItem[]>, later: readonly Session[] = []): Product[] {
  const products = new Map<string, Product>();
  const add = (r: LogRecord, count: number) => {
    let p = products.get(r.item);
    if (!p) {
      p = { id: r.item, title: r.item, url: '/', price: r.price ?? 0, currency: 'XXX', categories: r.category ? [r.category] : [], tags: [], image: { url: '/', width: 1, height: 1 }, popularity: 0, inStock: true, ...(r.brand ? { brand: r.brand } : {}) };
      products.set(r.item, p);
    }
    p.popularity += count;
  };
  for (const r of train.flat()) add(r, 1);
  for (const r of later.flat()) add(r, 0);
  if (related) for (const p of products.values()) { const list = related.get(p.id); if (list) p.related = list; }
  return [...products.values()];
}

const EVENT = { view: 'view_item', cart: 'add_to_cart', wishlist: 'add_to_wishlist', purchase: 'add_to_cart' } as const;

/** A log record as the tracker would have recorded it (an order's lines count as carted while it is replayed). */
export function toEvent(r: LogRecord, n: number): ShopEvent {
  return {
    name: EVENT[r.action],
    event_id: `e${n}`,
    time: r.time,
    anonymous_id: 'replay',
    session_id: r.session,
    items: [{ item_id: r.item, ...(r.category ? { item_category: r.category } : {}), ...(r.brand ? { item_brand: r.brand } : {}) }],
  };
}

/** One next-item prediction of a replayed session: the profile so far, the time, what came next, and the items seen so far. */
export interface Prediction {
  profile: Profile;
  now: number;
  next: string;
  seen: string[];
}

/** Every prediction of `sessions`, replayed event by event through reduceProfile. */
export function replay(sessions: readonly Session[]): Prediction[] {
  const out: Prediction[] = [];
  let n = 0;
  for (const session of sessions) {
    let profile = createProfile({ createdAt: session[0]!.time });
    const seen: string[] = [];
    for (let t = 0; t < session.length - 1; t++) {
      const event = toEvent(session[t]!, n++);
      profile = reduceProfile(profile, event, event.time);
      seen.push(session[t]!.item);
      out.push({ profile, now: event.time, next: session[t + 1]!.item, seen: seen.slice() });
    }
  }
  return out;
}

