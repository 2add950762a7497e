// Fitting "guess you like" to one store's history (`shopscene tune`): the store's log is split by time,
// related lists are built from the earlier part, and the blend — rank()'s weights, the shape of the
// shopper's intent, the related-list builder's options — is searched for the best NDCG@10 on the later
// part, each later session replayed event by event as the SDK would see it. A bounded coordinate ascent:
// a few values for the builder's options, then each weight and shape parameter in turn, halving and
// doubling (then finer), keeping a change only when it gains more than noise.
import type { Product, RelatedItem } from '../adapters/product.ts';
import { INTENT_SHAPE, rank, RANK_WEIGHTS, type IntentShape, type RankWeights } from '../ranking/rank.ts';
import { createRelatedBuilder, RELATED_DEFAULTS } from './build-related.ts';
import type { LogRecord } from './log-records.ts';
import { catalogOf, createScorer, replay, sessionsOf, splitByTime, type Prediction, type Scores, type Session } from './sessions.ts';

/** The related-list builder's options a blend fits. */
export interface RelatedShape {
  window: number;
  backward: number;
  damping: number;
}

/** A ranking fitted to a store: rank()'s weights, the shape of the shopper's intent, and the related-list builder's options. */
export interface RankingBlend {
  weights: RankWeights;
  intent: IntentShape;
  /** The related-list builder's options (`shopscene related` builds with them; the SDK ignores them). */
  relatedLists: RelatedShape;
}

/** The blend a store that never tuned gets. */
export const DEFAULT_BLEND: RankingBlend = { weights: RANK_WEIGHTS, intent: INTENT_SHAPE, relatedLists: { window: RELATED_DEFAULTS.window, backward: RELATED_DEFAULTS.backward, damping: RELATED_DEFAULTS.damping } };

/** Options of {@link tune}. */
export interface TuneOptions {
  /** Share of the log's sessions (the latest) to fit on; the rest builds the related lists. @default 0.2 */
  validateShare?: number;
  /** Fit on at most this many of those sessions (spread over them). @default 600 */
  maxSessions?: number;
  /** And on at most this many of their predictions (spread over them: long visits have many). @default 4000 */
  maxPredictions?: number;
  /**
   * Build the search's related lists from at most this many records: the latest learning sessions'
   * (each build costs seconds per million records, and the search builds several). @default 500000
   */
  maxLearnRecords?: number;
  /** Stop searching after this long (the best blend so far stands). @default 60 s */
  timeBudgetMs?: number;
  /** And after trying this many blends (a bound that does not depend on the machine's speed). @default no bound */
  maxTrials?: number;
  /** Told what the search is doing, a line at a time. */
  progress?: (line: string) => void;
  /** A visit ends after this long without an event. @default 30 minutes */
  visitGapMs?: number;
  /** Where the search starts. @default DEFAULT_BLEND */
  start?: RankingBlend;
  /**
   * Fewer predictions than this to fit on (the items after the first of each visit in the part it fits
   * on) and there is no search: a blend fitted to a handful of guesses would fit their noise. The
   * result keeps `start` and says so (`tooFew`). @default 100
   */
  minPredictions?: number;
}

/** What {@link tune} found: the blend, its scores and the defaults' on the part it fitted on, and how it went. */
export interface TuneResult {
  blend: RankingBlend;
  before: Scores;
  after: Scores;
  trials: number;
  ms: number;
  learnSessions: number;
  validateSessions: number;
  items: number;
  /** True when the time (or the trials allowed) ran out before the search had settled. */
  outOfTime: boolean;
  /** Set when there were too few predictions to fit on (see {@link TuneOptions.minPredictions}): the blend is `start`, unsearched. */
  tooFew?: { predictions: number; needed: number };
}

/** The default of {@link TuneOptions.minPredictions}. */
export const MIN_PREDICTIONS = 100;

/** The default of {@link TuneOptions.maxLearnRecords}. */
const MAX_LEARN_RECORDS = 500_000;

/** The latest sessions (at least one) with at most `max` records in all. */
function latest(sessions: readonly Session[], max: number): Session[] {
  let from = sessions.length;
  let count = 0;
  while (from > 0 && (count === 0 || count + sessions[from - 1]!.length <= max)) count += sessions[--from]!.length;
  return sessions.slice(from);
}

/** `count` items spread evenly over `list` (all of it when it is shorter). */
const spread = <T>(list: readonly T[], count: number): T[] => (list.length <= count ? list.slice() : Array.from({ length: count }, (_, i) => list[Math.floor((i * list.length) / count)]!));

/** The reported scores rank the whole catalog up to this many items × predictions (then the pools, as the search did). */
const WHOLE_CATALOG_WORK = 40_000_000;

/** Work done between two chances for others to run (see {@link tuneInSlices}): this many predictions or records. */
const STEP = 250;

/**
 * What a blend scores: built from the learning sessions (related lists with its builder options,
 * kept for the next blend with the same ones), on the predictions. `pooled` ranks, for each prediction,
 * the candidates that can reach its top ten (what was seen, what goes with it, its categories' and the
 * store's bestsellers) — the same order at the top, at a fraction of the cost of the whole catalog.
 * Its work is a generator: it yields every {@link STEP} predictions or records.
 */
function createJudge(learn: readonly Session[], validate: readonly Session[], predictions: readonly Prediction[]) {
  const catalogs = new Map<string, { catalog: Product[]; byId: Map<string, Product>; pools: Product[][] }>();
  const records = learn.flat();
  /** The last pairs counted, by window and backward share: each damping tried after them costs no new count. */
  let counted: { key: string; builder: ReturnType<typeof createRelatedBuilder> } | undefined;
  function* relatedFor(shape: RelatedShape): Generator<void, Map<string, RelatedItem[]>> {
    const key = `${shape.window}/${shape.backward}`;
    if (counted?.key !== key) {
      counted = undefined; // (its pairs go before the next are counted)
      const builder = createRelatedBuilder({ window: shape.window, backward: shape.backward });
      for (let i = 0; i < records.length; i++) {
        builder.add(records[i]!);
        if (i % (STEP * 20) === 0) yield;
      }
      counted = { key, builder };
    }
    return counted.builder.finish(shape.damping);
  }
  const keyOf = (shape: RelatedShape) => `${shape.window}/${shape.backward}/${shape.damping}`;
  function* catalogFor(shape: RelatedShape) {
    const key = keyOf(shape);
    let found = catalogs.get(key);
    if (!found) {
      const catalog = catalogOf(learn, yield* relatedFor(shape), validate);
      const byId = new Map(catalog.map((p) => [p.id, p]));
      const popular = [...catalog].sort((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1));
      const byCategory = new Map<string, Product[]>();
      for (const p of popular) {
        for (const c of p.categories) {
          const list = byCategory.get(c);
          if (!list) byCategory.set(c, [p]);
          else if (list.length < 30) list.push(p);
        }
      }
      const pools: Product[][] = [];
      for (const { seen } of predictions) {
        const pool = new Set<Product>(popular.slice(0, 100));
        for (const id of seen.slice(-20)) {
          const p = byId.get(id);
          if (!p) continue;
          pool.add(p);
          for (const [rid] of p.related ?? []) pool.add(byId.get(rid)!);
          for (const c of p.categories) for (const q of byCategory.get(c) ?? []) pool.add(q);
        }
        pools.push([...pool].filter(Boolean));
        if (pools.length % STEP === 0) yield;
      }
      catalogs.set(key, (found = { catalog, byId, pools }));
    }
    return found;
  }
  return {
    *score(blend: RankingBlend, pooled = true): Generator<void, Scores> {
      const { catalog, byId, pools } = yield* catalogFor(blend.relatedLists);
      const scorer = createScorer(10);
      for (let i = 0; i < predictions.length; i++) {
        const p = predictions[i]!;
        const guesses = rank(pooled ? pools[i]! : catalog, p.profile, { now: p.now, limit: 10, weights: blend.weights, intent: blend.intent, related: (id) => byId.get(id)?.related });
        scorer.add(
          guesses.map((g) => g.product.id),
          p.next,
        );
        if (i % STEP === STEP - 1) yield;
      }
      return scorer.scores();
    },
    *items(): Generator<void, number> {
      return (yield* catalogFor(DEFAULT_BLEND.relatedLists)).catalog.length;
    },
    /** Lets go of every catalog but those of `shapes` (each holds its lists and a pool per prediction: tens of MB on a large log). */
    keepOnly(...shapes: RelatedShape[]) {
      const kept = new Set(shapes.map(keyOf));
      for (const key of catalogs.keys()) if (!kept.has(key)) catalogs.delete(key);
    },
  };
}

type Knob = { name: string; get(b: RankingBlend): number; set(b: RankingBlend, v: number): RankingBlend; values(current: number, fine: boolean): number[] };
const weight = (name: keyof RankWeights): Knob => ({
  name: `weights.${name}`,
  get: (b) => b.weights[name],
  set: (b, v) => ({ ...b, weights: { ...b.weights, [name]: v } }),
  values: (v, fine) => (v === 0 ? [0.25, 1] : fine ? [v * 0.7, v * 1.4] : [0, v * 0.5, v * 2, v * 4]),
});
const shape = (name: keyof IntentShape, steps: number[]): Knob => ({
  name: `intent.${name}`,
  get: (b) => b.intent[name],
  set: (b, v) => ({ ...b, intent: { ...b.intent, [name]: v } }),
  values: (v) => steps.filter((s) => s !== v),
});
/** The parameters searched after the builder's, in the order they are tried (the strongest levers first). */
const KNOBS: Knob[] = [
  weight('reminder'),
  weight('related'),
  shape('latestShare', [0, 0.25, 0.5, 1, 2]),
  shape('reminderDecay', [0.5, 0.65, 0.75, 0.85, 0.95, 1]),
  shape('decay', [0.5, 0.65, 0.75, 0.85, 0.95]),
  weight('affinity'),
  weight('recency'),
  weight('popularity'),
  shape('window', [3, 5, 10, 20]),
  shape('cartedShare', [0, 0.25, 0.5, 1]),
  weight('search'),
];

/**
 * Fits a blend to `records` (a store's log). Returns the blend and its NDCG@10, HR@10 and MRR@10 on
 * the sessions it fitted on, beside the defaults' (both ranked over the whole catalog). Bounded in time;
 * progress goes to `options.progress`. Runs to the end in one go: on a server, use {@link tuneInSlices}.
 */
export function tune(records: readonly LogRecord[], options: TuneOptions = {}): TuneResult {
  const steps = search(records, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link tune}, in slices of about `sliceMs` with a turn for everything else between them (a server's
 * requests go on while it fits a store's blend).
 */
export async function tuneInSlices(records: readonly LogRecord[], options: TuneOptions & { sliceMs?: number } = {}): Promise<TuneResult> {
  const steps = search(records, options);
  const slice = options.sliceMs ?? 10;
  let started = Date.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (Date.now() - started >= slice) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      started = Date.now();
    }
  }
}

/** The search itself, yielding now and then (see {@link createJudge}). */
function* search(records: readonly LogRecord[], options: TuneOptions): Generator<void, TuneResult> {
  const started = Date.now();
  const budget = options.timeBudgetMs ?? 60_000;
  const say = options.progress ?? (() => {});
  const { train, test } = splitByTime(sessionsOf(records, options.visitGapMs), options.validateShare ?? 0.2);
  const maxLearn = options.maxLearnRecords ?? MAX_LEARN_RECORDS;
  const learn = latest(train, maxLearn);
  const validate = spread(test, options.maxSessions ?? 600);
  const predictions = spread(replay(validate), options.maxPredictions ?? 4000);
  const judge = createJudge(learn, validate, predictions);
  let trials = 0;
  const tried = new Map<string, number>();
  function* ndcg(b: RankingBlend): Generator<void, number> {
    const key = JSON.stringify(b);
    let s = tried.get(key);
    if (s === undefined) {
      trials++;
      tried.set(key, (s = (yield* judge.score(b)).ndcg));
    }
    return s;
  }
  const maxTrials = options.maxTrials ?? Infinity;
  const outOfTime = () => Date.now() - started > budget || trials >= maxTrials;
  const better = (candidate: number, current: number) => candidate > current * 1.003 + 1e-4; // more than noise
  const items = yield* judge.items();
  if (learn.length < train.length) say(`the related lists from the latest ${learn.length.toLocaleString('en')} of ${train.length.toLocaleString('en')} sessions to learn from (at most ${maxLearn.toLocaleString('en')} records)`);
  say(`${learn.length.toLocaleString('en')} sessions to learn from, ${validate.length.toLocaleString('en')} to fit on (${predictions.length.toLocaleString('en')} predictions), ${items.toLocaleString('en')} items`);

  const start = options.start ?? DEFAULT_BLEND;
  // The whole catalog, as the SDK ranks it, for the figures reported (the pools, past a size).
  const whole = items * predictions.length <= WHOLE_CATALOG_WORK;
  const needed = options.minPredictions ?? MIN_PREDICTIONS;
  if (predictions.length < needed) {
    say(`too few to fit on: ${predictions.length.toLocaleString('en')} predictions, ${needed.toLocaleString('en')} needed (nothing fitted)`);
    const scores = yield* judge.score(start, !whole);
    return { blend: start, before: scores, after: scores, trials: 0, ms: Date.now() - started, learnSessions: learn.length, validateSessions: validate.length, items, outOfTime: false, tooFew: { predictions: predictions.length, needed } };
  }
  let best = start;
  let bestScore = yield* ndcg(best);
  say(`defaults: NDCG@10 ${bestScore.toFixed(4)}`);
  // 1. The related lists: how far apart items still count, how much "came from" counts beside "went
  // on to", and how much a common neighbour is held back. Each value builds its lists anew (a damping
  // re-scores the pairs counted for the one before): this part has at most half the time, the weights the rest.
  for (const [name, values] of [
    ['window', [1, 2, 3, 5, 8]],
    ['backward', [0, 0.25, 0.5, 1]],
    ['damping', [0, 0.25, 0.75]],
  ] as const) {
    for (const v of values) {
      if (outOfTime() || Date.now() - started > budget / 2 || v === best.relatedLists[name]) continue;
      const candidate = { ...best, relatedLists: { ...best.relatedLists, [name]: v } };
      const s = yield* ndcg(candidate);
      if (better(s, bestScore)) ((best = candidate), (bestScore = s), say(`relatedLists.${name} ${v}: NDCG@10 ${s.toFixed(4)}`));
      judge.keepOnly(start.relatedLists, best.relatedLists); // (the figures reported at the end need the start's)
    }
  }
  // 2. Weights and the intent's shape, one at a time, until a pass changes nothing (or time runs out).
  for (const fine of [false, true]) {
    for (let pass = 0; pass < 3 && !outOfTime(); pass++) {
      let changed = false;
      for (const knob of KNOBS) {
        if (outOfTime()) break;
        for (const v of knob.values(knob.get(best), fine)) {
          const candidate = knob.set(best, Math.round(v * 1000) / 1000);
          const s = yield* ndcg(candidate);
          if (better(s, bestScore)) {
            best = candidate;
            bestScore = s;
            changed = true;
            say(`${knob.name} ${knob.get(best)}: NDCG@10 ${s.toFixed(4)}`);
          }
        }
      }
      if (!changed) break;
    }
  }
  const before = yield* judge.score(start, !whole);
  const after = yield* judge.score(best, !whole);
  say(`done: ${trials} blends tried in ${((Date.now() - started) / 1000).toFixed(0)} s${outOfTime() ? ` (${trials >= maxTrials ? 'the trials allowed' : 'the time'} ran out: the best so far)` : ''}`);
  return { blend: best, before, after, trials, ms: Date.now() - started, learnSessions: learn.length, validateSessions: validate.length, items, outOfTime: outOfTime() };
}
