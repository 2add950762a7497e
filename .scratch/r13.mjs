import { chromium } from 'playwright-core';
import { startCollector } from '/work/main/collector/server.mjs';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const collector = await startCollector();
const script = readFileSync('/work/main/demo/dist/shopscene.js');
const server = createServer((req, res) => {
  if (req.url.startsWith('/shop.')) return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><script src="/shopscene.js" data-api="${collector.url}"></script>`);
  if (req.url === '/shopscene.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const context = await browser.newContext();
const page = await context.newPage();
page.on('console', (m) => console.log('console:', m.text())); page.on('pageerror', (e) => console.log('pageerror', e)); await page.goto(`${url}/shop.html`);
await page.waitForFunction(() => window.shopscene && !Array.isArray(window.shopscene));
await context.setOffline(true);
const cdp = await context.newCDPSession(page);

const t = Date.now();
const n = await page.evaluate(async () => {
  const r = await Promise.all(Array.from({ length: 20000 }, (_, i) => window.shopscene.track({ name: 'view_item_list', items: [{ item_id: `p${i % 50}`, item_name: `item ${i}`, price: 10 }] })));
  return r.filter((x) => x.ok).length;
});
console.log('tracked', n, 'in', Date.now() - t, 'ms');
const profile = { nodes: [], samples: [], timeDeltas: [] };
const self = new Map(); const byId = new Map(profile.nodes.map((n) => [n.id, n]));
profile.samples.forEach((id, i) => { const nd = byId.get(id); const k = `${nd.callFrame.functionName||'(anon)'} ${nd.callFrame.url.split('/').pop()}:${nd.callFrame.lineNumber}:${nd.callFrame.columnNumber}`; self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000); });
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
const t2 = Date.now();
await context.setOffline(false);
for (let k = 0; collector.stats().unique < 4600 && k < 400; k++) { await new Promise((r) => setTimeout(r, 100)); if (k % 20 === 0) console.log('progress', collector.stats(), await page.evaluate(() => JSON.stringify(window.shopscene.diagnostics().delivery).slice(0, 300))); }
console.log('delivered', collector.stats().unique, 'in', Date.now() - t2, 'ms,', collector.stats().requests, 'requests');
await browser.close(); server.close(); await collector.close();
