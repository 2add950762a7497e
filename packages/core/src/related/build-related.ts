import type { RelatedItem } from '../adapters/product.ts';
import { sameStep, type LogAction, type LogRecord } from './log-records.ts';

/** How related lists are built; the SQL in related.sql uses the same figures. */
export interface RelatedOptions {
  /** How far apart in a visit two items still count as related. @default 5 */
  window?: number;
  /** What comes before an item counts this share of what comes after it ("went on to" is the stronger signal). @default 0.5 */
  backward?: number;
  /** Entries kept per item. @default 20 */
  maxRelated?: number;
  /** A visit ends after this long without an event (ms). @default 30 minutes */
  visitGapMs?: number;
  /** Events of a visit kept (its last ones). @default 200 */
  maxVisitEvents?: number;
  /**
   * How much a neighbour's own frequency is held against it: a pair's sum is divided by (count A ×
   * count B) to this power. 0.5, the cosine of the two items, keeps what everyone opens from crowding
   * out what goes together; 0 keeps the plain sums ("sequential rules", strong on click logs where the
   * next click is often a bestseller); 1 favours rare companions. `shopscene tune` fits it. @default 0.5
   */
  damping?: number;
  /** How much each kind of event says: a purchase says more than a glance. */
  actionWeights?: Partial<Record<LogAction, number>>;
  /** Visits kept open at once (the least recently active is closed beyond). Bounds memory. @default 50,000 */
  maxOpenVisits?: number;
  /** Neighbours counted per item before the weakest are let go. Bounds memory. @default 400 */
  maxNeighbours?: number;
  /**
   * Pairs counted at once, over all items, before the weakest half is let go: bounds memory on a
   * log of any size (a long tail of items makes pairs without end; about 1 GB at the default). A
   * log that never reaches it gets the same lists as with no bound. @default 8,000,000
   */
  maxPairs?: number;
}

/** The defaults of {@link RelatedOptions}. */
export const RELATED_DEFAULTS = {
  window: 5,
  backward: 0.5,
  damping: 0.5,
  maxRelated: 20,
  visitGapMs: 30 * 60_000,
  maxVisitEvents: 200,
  actionWeights: { view: 1, wishlist: 2, cart: 3, purchase: 4 } as Record<LogAction, number>,
  maxOpenVisits: 50_000,
  maxNeighbours: 400,
  maxPairs: 8_000_000,
};

/** What comes before an item counts this share of what comes after it, by default (see RelatedOptions.backward). */
export const BACKWARD = RELATED_DEFAULTS.backward;

interface Visit {
  items: string[];
  weights: number[];
  times: number[];
  /** Its earliest and latest times; `shuffled` when a step came before the one ahead of it in time. */
  first: number;
  last: number;
  shuffled: boolean;
  /** Its latest record, when that was a click on an item in a list (its page's view is the same step). */
  selected?: LogRecord;
}

/**
 * Builds "shoppers who viewed, carted or bought this also…" lists from a behaviour log, one record
 * at a time in bounded memory (visits close after a gap or when too many are open; each item keeps
 * its strongest neighbours; past `maxPairs` pairs in all, the weaker half goes). Within a visit, item B
 * after item A adds B's action weight divided by their distance to A→B, and half of A's to B→A; an item
 * opened again at once adds the repeat's weight to A→A (rank() reads an item's own entry as how strongly
 * it reminds of itself), but the view of the page of an item just clicked in a list is that click's step,
 * not a second one. A pair's sum is divided by √(count A × count B) (see `damping`), so what everyone
 * buys does not crowd out what goes together. Each list keeps the best 20, weights scaled so the first is 1.
 */
export function createRelatedBuilder(options: RelatedOptions = {}) {
  const o = { ...RELATED_DEFAULTS, ...options, actionWeights: { ...RELATED_DEFAULTS.actionWeights, ...options.actionWeights } };
  /** The open visits by session, least recently active first. */
  const open = new Map<string, Visit>();
  /** The session of the latest record: last in `open` already. */
  let newest: string | undefined;
  /**
   * Walks `open` from its least recently active visit: each it passes is closed, and what is active
   * again goes to the end, so it never meets a live visit twice. (A new walk for each eviction steps
   * over every slot deleted before it, from the start: a tenth of the builder's time on a click log.)
   */
  let oldest: Iterator<[string, Visit]> | undefined;
  const counts = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  /** One string per item id, however many records name it: the pairs hold a reference each, not a copy. */
  const names = new Map<string, string>();
  let events = 0;
  let visits = 0;
  /** Entries in all of `pairs`' maps. */
  let pairCount = 0;
  let prunes = 0;

  const addPair = (a: string, b: string, w: number) => {
    let neighbours = pairs.get(a);
    if (!neighbours) pairs.set(a, (neighbours = new Map()));
    const known = neighbours.get(b);
    if (known === undefined) pairCount++;
    neighbours.set(b, (known ?? 0) + w);
    if (neighbours.size > o.maxNeighbours) {
      // Keep the strongest half: memory stays bounded however long the log.
      const kept = [...neighbours].sort((x, y) => y[1] - x[1]).slice(0, o.maxNeighbours >> 1);
      pairCount -= neighbours.size - kept.length;
      pairs.set(a, new Map(kept));
    }
  };
  /**
   * Lets go of the weaker half of all pairs (those at or below the median weight, from a sample):
   * mostly pairs seen once, the weakest evidence there is. Deterministic: the same log, the same lists.
   */
  const prune = () => {
    prunes++;
    const step = Math.ceil(pairCount / 100_000);
    const sample: number[] = [];
    let i = 0;
    for (const neighbours of pairs.values()) for (const w of neighbours.values()) if (i++ % step === 0) sample.push(w);
    const floor = sample.sort((x, y) => x - y)[sample.length >> 1]!;
    for (const [a, neighbours] of pairs) {
      for (const [b, w] of neighbours) if (w <= floor) (neighbours.delete(b), pairCount--);
      if (!neighbours.size) pairs.delete(a);
    }
  };
  const close = (visit: Visit) => {
    visits++;
    // A log not in time order (MovieLens lists a user's ratings by film): the visit's steps in time order.
    if (visit.shuffled) {
      const order = visit.times.map((_, i) => i).sort((a, b) => visit.times[a]! - visit.times[b]! || a - b);
      visit.items = order.map((i) => visit.items[i]!);
      visit.weights = order.map((i) => visit.weights[i]!);
    }
    const { items, weights } = visit;
    for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length && j - i <= o.window; j++) {
        if (items[i] === items[j]) {
          // The same item again at once (a second look, a reload): its own entry says how often it is reopened.
          if (j === i + 1) addPair(items[i]!, items[i]!, weights[j]!);
          continue;
        }
        const d = j - i;
        addPair(items[i]!, items[j]!, weights[j]! / d);
        if (o.backward > 0) addPair(items[j]!, items[i]!, (o.backward * weights[i]!) / d);
      }
    }
    if (pairCount > o.maxPairs) prune();
  };

  return {
    /**
     * Adds one record; visits of a session follow one another in time (a log in time or session order;
     * the records of one visit may come in any order: it reads them in time order when it closes).
     * False when it was no step of its own (the page of the item just clicked in a list: see sameStep).
     */
    add(record: LogRecord): boolean {
      events++;
      let item = names.get(record.item);
      if (item === undefined) names.set(record.item, (item = record.item));
      let visit = open.get(record.session);
      // A visit closes after a gap; in a log out of time order, a record far before it starts another too.
      if (visit && (record.time - visit.last > o.visitGapMs || visit.first - record.time > o.visitGapMs)) {
        close(visit);
        visit = undefined;
      }
      // To the end of the map's order (a key set again stays where it is): unless it is there already.
      if (record.session !== newest) (open.delete(record.session), (newest = record.session));
      visit ??= { items: [], weights: [], times: [], first: record.time, last: record.time, shuffled: false };
      const step = !sameStep(visit.selected, record);
      if (step) {
        if (visit.times.length && record.time < visit.times[visit.times.length - 1]!) visit.shuffled = true;
        visit.items.push(item);
        visit.weights.push(o.actionWeights[record.action] ?? 1);
        visit.times.push(record.time);
        if (visit.items.length > o.maxVisitEvents) (visit.items.shift(), visit.weights.shift(), visit.times.shift());
      }
      visit.selected = record.select ? record : undefined;
      if (record.time < visit.first) visit.first = record.time;
      else if (record.time > visit.last) visit.last = record.time;
      open.set(record.session, visit);
      if (open.size > o.maxOpenVisits) {
        const [session, stale] = (oldest ??= open.entries()).next().value as [string, Visit];
        open.delete(session);
        close(stale);
      }
      return step;
    },
    /** How far it got: events and visits read, items seen, pairs held now, and how often the weaker half was let go. */
    stats: () => ({ events, visits: visits + open.size, items: names.size, pairs: pairCount, prunes }),
    /**
     * Closes the open visits and returns each item's related list, strongest first. It may be asked
     * again, with another `damping` (the pairs counted stay as they are): what tune tries costs no new count.
     */
    finish(damping = o.damping): Map<string, RelatedItem[]> {
      for (const visit of open.values()) close(visit);
      open.clear();
      const out = new Map<string, RelatedItem[]>();
      for (const [a, neighbours] of pairs) {
        const ca = counts.get(a)!;
        const scored = [...neighbours]
          .map(([b, w]) => [b, w / (ca * counts.get(b)!) ** damping] as [string, number])
          .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
          .slice(0, o.maxRelated);
        const top = scored[0]![1];
        out.set(a, scored.map(([b, s]) => [b, Math.max(0.001, Math.round((s / top) * 1000) / 1000)]));
      }
      return out;
    },
  };
}
