import { runnerImport } from 'vite';
const { module: core } = await runnerImport('/work/main/packages/core/src/index.ts', { configFile: false, logLevel: 'silent' });
function random(seed) { return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296); }
const next = random(7);
const pick = (xs) => xs[Math.floor(next() * xs.length)];
const events = Array.from({ length: 100000 }, (_, i) => {
  const item = { item_id: `sku-${Math.floor(next() * 50000)}`, item_name: `Product ${i} with a fairly long descriptive name`, item_brand: `Brand ${Math.floor(next() * 3000)}`, item_category: `Group ${Math.floor(next() * 40)}`, item_category2: `Category ${Math.floor(next() * 2000)}`, price: 3 };
  const name = pick(['view_item', 'view_item_list', 'select_item', 'add_to_cart', 'add_to_wishlist', 'search', 'purchase', 'refund', 'dislike_item', 'share', 'remove_from_cart']);
  const base = { event_id: `e${i}`, anonymous_id: 'a', session_id: 's', time: Date.UTC(2026,0,1) + i * 60000 };
  if (name === 'search') return { ...base, name, search_term: `term ${Math.floor(next() * 100000)} words here` };
  if (name === 'purchase' || name === 'refund') return { ...base, name, transaction_id: `T${Math.floor(next() * 20000)}`, value: 3, items: [item] };
  return { ...base, name, items: [item] };
});
let p = core.createProfile({ createdAt: 0 });
const t = performance.now();
for (let i = 0; i < events.length; i++) { p = core.reduceProfile(p, events[i], events[i].time); if (i % 1000 === 999) p = core.capProfile(p); }
console.log('100k events', (performance.now() - t).toFixed(0), 'ms');
