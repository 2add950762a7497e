// Generated behaviour logs, and the one seeded PRNG of the project (tests, the bench and the demo's
// shopping history use it). A log carries what many public session logs carry — session, item, time,
// and optionally category and brand — with the shapes that tell rankings apart: shoppers browse one
// hidden topic at a time, go from an item to the few that usually follow it, come back to items seen
// before (revisits), and visits are short or long.

/** mulberry32: a small fast PRNG; the same seed gives the same numbers. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Yields the log's records session after session, sessions starting a minute apart, in time order
 * within each. Options: `sessions`; `items` (2000), `topics` (40), `seed` (1); `revisit`, the share of
 * clicks that go back to an item already viewed in the session (0.25); `visitLength`, the mean extra
 * clicks of a visit (5); `categories`, give each record its topic as a category and a brand (false);
 * `follow`, the share of clicks that go to an item that usually follows the current one (0.5);
 * `repeat`, the share of clicks on the item just viewed again (0: real logs have them, a reload, a
 * second look); `recentBias`, how much a revisit prefers the latest items (0: any earlier item alike).
 */
export function* syntheticLog(options) {
  const { sessions, items = 2000, topics = 40, seed = 1, revisit = 0.25, start = Date.UTC(2026, 0, 1), visitLength = 5, categories = false, follow = 0.5, repeat = 0, recentBias = 0 } = options;
  const random = prng(seed);
  const perTopic = Math.ceil(items / topics);
  // Zipf-like: low indexes are popular, both among topics and within one.
  const zipf = (n) => Math.min(n - 1, Math.floor(n ** random() - 1));
  const itemOf = (topic, k) => `i${topic * perTopic + k}`;
  // Each item's usual next items: three of its topic.
  const next = (topic, k, choice) => (k * 7 + choice * 13 + 1) % perTopic;
  // A brand is shared by a tenth of a topic's items.
  const extra = (topic, k) => (categories ? { category: `c${topic}`, brand: `b${topic}-${k % 10}` } : {});
  for (let s = 0; s < sessions; s++) {
    let topic = zipf(topics);
    let k = zipf(perTopic);
    let time = start + s * 60_000;
    const seen = [];
    const length = 2 + Math.floor(-Math.log(1 - random()) * visitLength);
    for (let i = 0; i < length; i++) {
      yield { session: `s${s}`, item: itemOf(topic, k), time, action: random() < 0.1 ? 'cart' : 'view', ...extra(topic, k) };
      seen.push([topic, k]);
      time += 20_000 + Math.floor(random() * 100_000);
      if (repeat > 0 && random() < repeat) continue; // the same item again
      const r = random();
      // A revisit: any earlier item alike, or (with a recent bias) one of the latest more often.
      if (r < revisit && seen.length > 1) [topic, k] = recentBias > 0 ? seen[seen.length - 2 - Math.floor((seen.length - 1) * random() ** (1 + recentBias * 4))] : seen[Math.floor(random() * (seen.length - 1))];
      else if (r < revisit + follow) k = next(topic, k, Math.floor(random() * 3));
      else if (r < 0.95) k = zipf(perTopic);
      else (topic = zipf(topics)), (k = zipf(perTopic));
    }
  }
}
