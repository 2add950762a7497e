// Picks three real shoppers from the UCI Online Retail data (CC0) and writes demo/data/personas.json,
// which the demo's inspector replays. Run by hand when the shared data changes: the output is committed,
// so the demo works on a fresh clone without the shared data.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const csv = process.argv[2] ?? fileURLToPath(new URL('../../../shared/data/retail/online-retail.csv.gz', import.meta.url));
const END = Date.UTC(2011, 11, 10);
const DAY = 86_400_000;
const lines = gunzipSync(readFileSync(csv)).toString('utf8').split('\n').slice(1);
const invoices = new Map();
for (const line of lines) {
  const m = /^"([^"]*)","([^"]*)","((?:[^"]|"")*)",(-?\d+),"([^"]*)",([\d.]+),(\d*),/.exec(line);
  if (!m || !m[7] || Number(m[4]) <= 0) continue;
  const [, invoice, code, description, quantity, date, price, customer] = m;
  const key = `${customer}|${invoice}`;
  const inv = invoices.get(key) ?? { customer, invoice, time: 0, value: 0, items: [] };
  inv.time = Math.max(inv.time, Date.parse(`${date.replace(' ', 'T')}Z`));
  inv.value += Number(quantity) * Number(price);
  if (inv.items.length < 3) inv.items.push({ item_id: code, item_name: description.replace(/""/g, '"').trim(), price: Number(price), quantity: Number(quantity), item_category: 'Gifts & Home' });
  invoices.set(key, inv);
}
const customers = new Map();
for (const inv of invoices.values()) customers.set(inv.customer, [...(customers.get(inv.customer) ?? []), inv]);
const stats = [...customers].map(([id, invs]) => ({ id, invs, n: invs.length, spend: invs.reduce((s, i) => s + i.value, 0), last: Math.max(...invs.map((i) => i.time)) }));
const pick = (filter, sort) => stats.filter(filter).sort(sort)[0];
const chosen = [
  ['Loyal regular', 'Orders every few weeks all year round.', pick((c) => c.n >= 20 && c.n <= 40 && END - c.last < 10 * DAY, (a, b) => b.spend - a.spend), { ageBand: '45-54', lifeStage: 'family', region: 'GB' }],
  ['Big spender gone quiet', 'Spent a lot, then nothing for months.', pick((c) => END - c.last > 200 * DAY && c.n <= 3, (a, b) => b.spend - a.spend), { ageBand: '35-44', incomeBand: 'high', region: 'GB' }],
  ['New one-time buyer', 'One small order, last week.', pick((c) => c.n === 1 && END - c.last < 7 * DAY && c.spend < 150, (a, b) => a.spend - b.spend), { ageBand: '18-24', lifeStage: 'student', region: 'GB' }],
];
const personas = chosen.map(([name, about, c, traits]) => ({
  name,
  about: `${about} UCI Online Retail customer ${c.id}: ${c.n} orders, £${c.spend.toFixed(2)}.`,
  traits,
  // Days before the end of the data, so the demo can replay the history as if it ended today.
  orders: c.invs.sort((a, b) => a.time - b.time).map((i) => ({ transaction_id: i.invoice, daysAgo: Math.round(((END - i.time) / DAY) * 100) / 100, value: Math.round(i.value * 100) / 100, items: i.items })),
}));
writeFileSync(fileURLToPath(new URL('../data/personas.json', import.meta.url)), JSON.stringify(personas, null, 1));
console.log(personas.map((p) => `${p.name}: ${p.orders.length} orders`).join('\n'));
