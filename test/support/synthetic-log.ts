// A generated click log that carries only what many public session logs carry: session, item, time.
// Shoppers browse one hidden topic at a time, tend to go from an item to the few that usually follow
// it, and come back to items already seen (about a quarter of clicks, as in real session logs).

/** One line of the log, as the log reader reads it. */
export interface SyntheticRecord {
  session: string;
  item: string;
  time: number;
  action: 'view' | 'cart';
}

export interface SyntheticLogOptions {
  sessions: number;
  items?: number;
  topics?: number;
  seed?: number;
  /** Share of clicks that go back to an item already viewed in the session. @default 0.25 */
  revisit?: number;
  start?: number;
}

/** A small fast PRNG (mulberry32): the same seed gives the same log. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Yields the log's records session after session, sessions starting a minute apart, in time order within each. */
export function* syntheticLog(options: SyntheticLogOptions): Generator<SyntheticRecord> {
  const { sessions, items = 2000, topics = 40, seed = 1, revisit = 0.25, start = Date.UTC(2026, 0, 1) } = options;
  const random = prng(seed);
  const perTopic = Math.ceil(items / topics);
  // Zipf-like: low indexes are popular, both among topics and within one.
  const zipf = (n: number) => Math.min(n - 1, Math.floor(n ** random() - 1));
  const itemOf = (topic: number, k: number) => `i${topic * perTopic + k}`;
  // Each item's usual next items: three of its topic.
  const next = (topic: number, k: number, choice: number) => (k * 7 + choice * 13 + 1) % perTopic;
  for (let s = 0; s < sessions; s++) {
    let topic = zipf(topics);
    let k = zipf(perTopic);
    let time = start + s * 60_000;
    const seen: [number, number][] = [];
    const length = 2 + Math.floor(-Math.log(1 - random()) * 5);
    for (let i = 0; i < length; i++) {
      yield { session: `s${s}`, item: itemOf(topic, k), time, action: random() < 0.1 ? 'cart' : 'view' };
      seen.push([topic, k]);
      time += 20_000 + Math.floor(random() * 100_000);
      const r = random();
      if (r < revisit && seen.length > 1) [topic, k] = seen[Math.floor(random() * (seen.length - 1))]!;
      else if (r < revisit + 0.5) k = next(topic, k, Math.floor(random() * 3));
      else if (r < 0.95) k = zipf(perTopic);
      else (topic = zipf(topics)), (k = zipf(perTopic));
    }
  }
}
