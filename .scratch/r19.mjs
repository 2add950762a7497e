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
const page = await browser.newPage();
page.on('console', (m) => console.log('console:', m.text())); page.on('pageerror', (e) => console.log('pageerror', e));
await page.addInitScript(() => {
  Object.prototype.polluted = 'yes';
  Object.prototype.toJSON = function () { return 'object hijacked'; };
  Array.prototype.toJSON = function () { return 'array hijacked'; };
  JSON.stringify = () => '"stringify hijacked"';
});
await page.goto(`${url}/shop.html`);
await new Promise((r) => setTimeout(r, 2000));
console.log(await page.evaluate(() => String(typeof window.shopscene) + ' ' + Array.isArray(window.shopscene)));
await browser.close(); server.close(); await collector.close();
