// Offline evaluation of "guess you like" on a behaviour log: split by time, build related lists from
// the earlier part, replay each later session through the shopper profile, and at every step ask each
// method for ten items; score whether the next item was among them. Methods other than rank() are
// baselines, here and nowhere in the SDK.
import type { Product, RelatedItem } from '../adapters/product.ts';
import type { ShopEvent } from '../events/event-schema.ts';
import { createProfile } from '../profile/create-profile.ts';
import { reduceProfile } from '../profile/reduce-profile.ts';
import type { Profile } from '../profile/profile-types.ts';
import { rank, type RankWeights } from '../ranking/rank.ts';
import { createRelatedBuilder, RELATED_DEFAULTS, type RelatedOptions } from './build-related.ts';
import type { LogRecord } from './log-records.ts';

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

/** Sessions of a log: by session id, a new one after a gap (as the related lists see visits), records in time order. */
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
    for (const r of list) {
      if (current.length && r.time - current[current.length - 1]!.time > gapMs) (out.push(current), (current = []));
      current.push(r);
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

/** The catalog the earlier sessions show: each item with its popularity, and its category and brand when the log has them. */
export function catalogOf(train: readonly Session[], related?: Map<string, RelatedItem[]>): Product[] {
  const products = new Map<string, Product>();
  for (const r of train.flat()) {
    let p = products.get(r.item);
    if (!p) {
      p = { id: r.item, title: r.item, url: '/', price: r.price ?? 0, currency: 'XXX', categories: r.category ? [r.category] : [], tags: [], image: { url: '/', width: 1, height: 1 }, popularity: 0, inStock: true, ...(r.brand ? { brand: r.brand } : {}) };
      products.set(r.item, p);
    }
    p.popularity++;
  }
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

/** A method: given the session so far and the shopper's profile, ten guesses at the next item. */
type Method = (session: Session, profile: Profile, now: number) => string[];

/** Session-kNN (V-SkNN of Ludewig & Jannach): past sessions sharing the latest items, weighted by how late in this session the shared item came. */
export function createSessionKnn(train: readonly Session[], { k = 100, sample = 500 } = {}): Method {
  const items = train.map((s) => [...new Set(s.map((r) => r.item))]);
  const byItem = new Map<string, number[]>();
  items.forEach((set, i) => {
    for (const item of set) {
      const list = byItem.get(item);
      if (list) list.push(i);
      else byItem.set(item, [i]);
    }
  });
  return (session) => {
    const current = session.map((r) => r.item);
    // Later items count more (linear decay), as in V-SkNN.
    const weight = new Map<string, number>();
    current.forEach((item, i) => weight.set(item, (i + 1) / current.length));
    // The most recent past sessions with the latest items: at most `sample` of them.
    const candidates = new Set<number>();
    for (const item of [...new Set(current)].reverse()) {
      const sessions = byItem.get(item) ?? [];
      for (let i = sessions.length - 1; i >= 0 && candidates.size < sample; i--) candidates.add(sessions[i]!);
      if (candidates.size >= sample) break;
    }
    const similar = [...candidates]
      .map((s) => [s, items[s]!.reduce((sum, item) => sum + (weight.get(item) ?? 0), 0) / Math.sqrt(items[s]!.length)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, k);
    const score = new Map<string, number>();
    for (const [s, sim] of similar) for (const item of items[s]!) score.set(item, (score.get(item) ?? 0) + sim);
    return [...score].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([item]) => item);
  };
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Share of sessions (the latest) to test on. @default 0.2 */
  testShare?: number;
  /** Test on at most this many sessions (the first of the test part), for a quick look. */
  maxTestSessions?: number;
  related?: RelatedOptions;
  weights?: Partial<RankWeights>;
  /** Told how far it got, now and then. */
  progress?: (done: number, total: number) => void;
}

/** One row of the table. */
export interface MethodScores extends Scores {
  method: string;
  /** Mean time to make one prediction (ms). */
  ms: number;
}

/**
 * Evaluates on `records`: related lists built from the earlier sessions only; each later session
 * replayed event by event through `reduceProfile`; every next-item prediction scored for rank()
 * with and without related lists, global popularity, the session's own items then popularity,
 * related lists alone, and session-kNN.
 */
export function evaluate(records: readonly LogRecord[], options: EvaluateOptions = {}): { rows: MethodScores[]; train: number; test: number; items: number } {
  const { train, test: allTest } = splitByTime(sessionsOf(records, options.related?.visitGapMs), options.testShare);
  const test = options.maxTestSessions ? allTest.slice(0, options.maxTestSessions) : allTest;
  const builder = createRelatedBuilder(options.related);
  for (const r of train.flat()) builder.add(r);
  const related = builder.finish();
  const catalog = catalogOf(train, related);
  const plain = catalogOf(train);
  const byId = new Map(catalog.map((p) => [p.id, p]));
  const plainById = new Map(plain.map((p) => [p.id, p]));
  const popular = [...catalog].sort((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1)).map((p) => p.id);
  // rank() is given the whole catalog, as the static adapter gives it (the same array each time: its indexes are built once).
  const ranked = (products: Product[], index: Map<string, Product>) => (_session: Session, profile: Profile, now: number) =>
    rank(products, profile, { now, limit: 10, related: (id) => index.get(id)?.related, weights: options.weights }).map((r) => r.product.id);
  const methods: [string, Method][] = [
    ['rank() with related lists', ranked(catalog, byId)],
    ['rank() without related lists', ranked(plain, plainById)],
    ['global popularity', () => popular.slice(0, 10)],
    ['session items, then popularity', (session) => [...new Set([...session.map((r) => r.item).reverse(), ...popular.slice(0, 10)])].slice(0, 10)],
    [
      'related lists alone',
      (session) => {
        const score = new Map<string, number>();
        session
          .slice()
          .reverse()
          .forEach((r, i) => {
            for (const [id, w] of related.get(r.item) ?? []) score.set(id, (score.get(id) ?? 0) + 0.75 ** i * w);
          });
        return [...score].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10).map(([id]) => id);
      },
    ],
    ['session-kNN (V-SkNN)', createSessionKnn(train)],
  ];
  const scorers = methods.map(() => createScorer(10));
  const spent = methods.map(() => 0);
  let n = 0;
  test.forEach((session, s) => {
    let profile = createProfile({ createdAt: session[0]!.time });
    for (let t = 0; t < session.length - 1; t++) {
      const event = toEvent(session[t]!, n++);
      profile = reduceProfile(profile, event, event.time);
      const next = session[t + 1]!.item;
      const sofar = session.slice(0, t + 1);
      methods.forEach(([, method], m) => {
        const started = performance.now();
        const guesses = method(sofar, profile, event.time);
        spent[m]! += performance.now() - started;
        scorers[m]!.add(guesses, next);
      });
    }
    if (s % 50 === 0) options.progress?.(s, test.length);
  });
  return { rows: methods.map(([method], m) => ({ method, ...scorers[m]!.scores(), ms: n ? spent[m]! / n : 0 })), train: train.length, test: test.length, items: catalog.length };
}
