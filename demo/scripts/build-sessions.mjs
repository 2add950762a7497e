// The demo store's shopping history, as our collector would have recorded it (JSON lines of events):
// 3,000 generated visits, each with a mission that spans related categories (a phone and its case,
// a dress and shoes to go with it, a kitchen and its groceries), browsing popular products more
// often, going back to some, carting and buying a few. Generated, not real: the demo has no real
// shoppers, and its products (DummyJSON) come with no history. Deterministic (a fixed seed), so the
// demo's related lists are the same on every machine. build-catalog.mjs feeds it to
// `shopscene related`, exactly as a merchant feeds their own log.
import { prng } from '../../scripts/synthetic-log.mjs';

/** Missions: the leaf categories a visit moves between. */
const MISSIONS = [
  ['Smartphones', 'Mobile accessories'],
  ['Laptops', 'Computer accessories', 'Mobile accessories'],
  ['Tablets', 'Mobile accessories'],
  ["Women's dresses", "Women's shoes", "Women's bags", 'Jewellery'],
  ["Women's clothing", 'Tops', "Women's shoes"],
  ["Men's shirts", "Men's shoes", "Men's watches"],
  ["Men's clothing", 'Sunglasses', "Men's watches"],
  ["Women's watches", 'Jewellery', 'Sunglasses'],
  ['Skin care', 'Beauty', 'Fragrances'],
  ['Furniture', 'Home decoration'],
  ['Kitchen accessories', 'Groceries'],
  ['Groceries'],
  ['Sports accessories', 'Sunglasses'],
  ['Motorcycles', 'Cars'],
];

/** The log's lines (JSON text), for `catalog`: visits a few minutes apart from 1 September 2026. */
export function demoSessions(catalog, { visits = 3000, seed = 11 } = {}) {
  const random = prng(seed);
  const byLeaf = new Map();
  for (const p of catalog) {
    const leaf = p.categories.at(-1);
    if (!byLeaf.has(leaf)) byLeaf.set(leaf, []);
    byLeaf.get(leaf).push(p);
  }
  /** A product of the category, the popular ones more often. */
  const pick = (leaf) => {
    const products = byLeaf.get(leaf) ?? [];
    const total = products.reduce((sum, p) => sum + p.popularity + 10, 0);
    let r = random() * total;
    for (const p of products) if ((r -= p.popularity + 10) <= 0) return p;
    return products.at(-1);
  };
  const lines = [];
  let n = 0;
  for (let v = 0; v < visits; v++) {
    const mission = MISSIONS[Math.floor(random() * MISSIONS.length)];
    let time = Date.UTC(2026, 8, 1) + v * 4 * 60_000;
    const seen = [];
    const steps = 3 + Math.floor(random() * 6);
    for (let s = 0; s < steps; s++) {
      // Mostly the mission's next category; sometimes back to something seen.
      const product = seen.length && random() < 0.2 ? seen[Math.floor(random() * seen.length)] : pick(mission[Math.min(mission.length - 1, Math.floor((s / steps) * mission.length + random() * 0.8))]);
      if (!product) continue;
      seen.push(product);
      const r = random();
      const name = r < 0.08 ? 'purchase' : r < 0.2 ? 'add_to_cart' : 'view_item';
      lines.push(JSON.stringify({ event_id: `demo-${++n}`, name, time, session_id: `visit-${v}`, anonymous_id: `shopper-${v % 900}`, items: [{ item_id: product.id }] }));
      time += 30_000 + Math.floor(random() * 120_000);
    }
  }
  return lines;
}
