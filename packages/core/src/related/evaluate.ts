// Offline evaluation of "guess you like" on a behaviour log: split by time, build related lists from
// the earlier part, replay each later session through the shopper profile, and at every step ask each
// method for ten items; score whether the next item was among them. Methods other than rank() are
// baselines, here and nowhere in the SDK.
import type { Product } from '../adapters/product.ts';
import { createProfile } from '../profile/create-profile.ts';
import { reduceProfile } from '../profile/reduce-profile.ts';
import type { Profile } from '../profile/profile-types.ts';
import { rank, type IntentShape, type RankWeights } from '../ranking/rank.ts';
import { createRelatedBuilder, type RelatedOptions } from './build-related.ts';
import type { LogRecord } from './log-records.ts';
import { catalogOf, createScorer, sessionsOf, splitByTime, toEvent, type Scores, type Session } from './sessions.ts';
import { tune, type RankingBlend, type TuneOptions, type TuneResult } from './tune.ts';

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

/** rank() with a fitted blend, with and without the related lists its builder options make from `train`. */
function tunedMethods(train: readonly Session[], test: readonly Session[], blend: RankingBlend, related?: RelatedOptions): [string, Method][] {
  const builder = createRelatedBuilder({ ...related, ...blend.relatedLists });
  for (const r of train.flat()) builder.add(r);
  const catalog = catalogOf(train, builder.finish(), test);
  const plain = catalogOf(train, undefined, test);
  const byId = new Map(catalog.map((p) => [p.id, p]));
  const ranked = (products: Product[], index: Map<string, Product>): Method => (_session, profile, now) =>
    rank(products, profile, { now, limit: 10, related: (id) => index.get(id)?.related, weights: blend.weights, intent: blend.intent }).map((r) => r.product.id);
  return [
    ['rank() with related lists, tuned', ranked(catalog, byId)],
    ['rank() without related lists, tuned', ranked(plain, new Map(plain.map((p) => [p.id, p])))],
  ];
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Share of sessions (the latest) to test on. @default 0.2 */
  testShare?: number;
  /** Test on at most this many sessions (the first of the test part), for a quick look. */
  maxTestSessions?: number;
  related?: RelatedOptions;
  weights?: Partial<RankWeights>;
  intent?: Partial<IntentShape>;
  /** Told how far it got, now and then. */
  progress?: (done: number, total: number) => void;
  /**
   * Fit a blend on the earlier sessions only (`tune`, which splits them again into a part to learn from
   * and a part to fit on) and score rank() with it too, in rows marked "tuned". The test part is never seen.
   */
  tune?: TuneOptions;
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
export function evaluate(records: readonly LogRecord[], options: EvaluateOptions = {}): { rows: MethodScores[]; train: number; test: number; testAvailable: number; items: number; tuned?: TuneResult } {
  const { train, test: allTest } = splitByTime(sessionsOf(records, options.related?.visitGapMs), options.testShare);
  const test = options.maxTestSessions ? allTest.slice(0, options.maxTestSessions) : allTest;
  const tuned = options.tune ? tune(train.flat(), { visitGapMs: options.related?.visitGapMs, ...options.tune }) : undefined;
  const builder = createRelatedBuilder(options.related);
  for (const r of train.flat()) builder.add(r);
  const related = builder.finish();
  const catalog = catalogOf(train, related, test);
  const plain = catalogOf(train, undefined, test);
  const byId = new Map(catalog.map((p) => [p.id, p]));
  const plainById = new Map(plain.map((p) => [p.id, p]));
  // (Items no earlier session opened are not popular: they are in the catalog, not in this list.)
  const popular = catalog.filter((p) => p.popularity > 0).sort((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1)).map((p) => p.id);
  // rank() is given the whole catalog, as the static adapter gives it (the same array each time: its indexes are built once).
  const ranked = (products: Product[], index: Map<string, Product>) => (_session: Session, profile: Profile, now: number) =>
    rank(products, profile, { now, limit: 10, related: (id) => index.get(id)?.related, weights: options.weights, intent: options.intent }).map((r) => r.product.id);
  const methods: [string, Method][] = [
    ['rank() with related lists', ranked(catalog, byId)],
    ['rank() without related lists', ranked(plain, plainById)],
    ...(tuned ? tunedMethods(train, test, tuned.blend, options.related) : []),
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
  const rows = methods.map(([method], m) => ({ method, ...scorers[m]!.scores(), ms: n ? spent[m]! / n : 0 }));
  return { rows, train: train.length, test: test.length, testAvailable: allTest.length, items: catalog.length, ...(tuned ? { tuned } : {}) };
}
