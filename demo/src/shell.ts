// Header, navigation and the "what shopscene knows" panel, shared by every demo page.
import type { Consent, Profile, Shopscene } from '@shopscene/core';
import { aiplStages, rfmSegment, topDecayed } from '@shopscene/core';
import personaData from '../data/personas.json';
import { readCart } from './cart.ts';
import { categoriesOf, esc, loadCatalog } from './catalog.ts';
import './styles.css';

type Queue = unknown[] | Shopscene;

interface Persona {
  name: string;
  about: string;
  traits: Record<string, string>;
  orders: { transaction_id: string; daysAgo: number; value: number; items: { item_id: string; item_name: string; price: number; quantity: number; item_category: string }[] }[];
}
const personas = personaData as unknown as Persona[];

/** Runs `fn` with the SDK once the script tag has loaded it (or now, if it has). */
export function withShopscene(fn: (sdk: Shopscene) => void): void {
  const w = window as unknown as { shopscene?: Queue };
  w.shopscene = w.shopscene || [];
  (w.shopscene as { push(x: unknown): void }).push(fn);
}

function cartCount(): number {
  return readCart().reduce((n, l) => n + l.quantity, 0);
}

export async function renderShell(): Promise<void> {
  // The shell has a fixed height in CSS, so filling it in later moves nothing on the page.
  const shell = document.getElementById('site-shell') ?? document.body.insertBefore(document.createElement('div'), document.body.firstChild);
  const header = document.createElement('header');
  header.className = 'site-header';
  header.innerHTML = `
    <a class="logo" href="/">shopscene <small>demo store</small></a>
    <form class="search" action="/search.html" data-shopscene-search role="search">
      <input name="q" type="search" placeholder="Search tea, phones, shoes…" aria-label="Search products" value="${esc(new URLSearchParams(location.search).get('q') ?? '')}">
      <button>Search</button>
    </form>
    <nav class="top-links"><a href="/festival.html?scene=spring-festival-2027&shopscene-preview-time=2027-02-01T20%3A00%2B08%3A00">Festival</a><a href="/preact.html">Preact import</a><a href="/cart.html" class="cart-link">Cart (<span id="cart-count">${cartCount()}</span>)</a></nav>`;
  shell.append(header);
  document.addEventListener('demo-cart', () => {
    const el = document.getElementById('cart-count');
    if (el) el.textContent = String(cartCount());
  });
  const catalog = await loadCatalog();
  const nav = document.createElement('nav');
  nav.className = 'categories';
  nav.setAttribute('aria-label', 'Categories');
  nav.innerHTML = [...categoriesOf(catalog)]
    .flatMap(([, leaves]) => leaves.map((l) => `<a href="/category.html?c=${encodeURIComponent(l)}">${esc(l)}</a>`))
    .join('');
  shell.append(nav);
}

function weights(map: Profile['affinities']['category'], now: number): string {
  const top = topDecayed(map, now, 14).slice(0, 6);
  return top.length ? top.map(([k, v]) => `<li>${esc(k)} <b>${v.toFixed(2)}</b></li>`).join('') : '<li class="muted">nothing yet</li>';
}

const DAY = 86_400_000;

/** The demo's backend switch (read by public/demo-backend.js before the script tag runs). */
const BACKEND_KEY = 'shopscene-demo-backend';
const BACKENDS = [
  ['static', 'static catalog, ranked on this device'],
  ['rest', 'REST API (/api, msw over the catalog)'],
] as const;
function backendMode(): string {
  try {
    return localStorage.getItem(BACKEND_KEY) === 'rest' ? 'rest' : 'static';
  } catch {
    return 'static';
  }
}
const list = (items: string[]) => (items.length ? items.join(', ') : '<span class="muted">none</span>');

/** Replays a persona: forgets the current shopper, declares traits, and imports the order history. */
async function replay(sdk: Shopscene, persona: Persona): Promise<void> {
  await sdk.forget();
  await sdk.identify(persona.traits);
  const now = Date.now();
  for (const order of persona.orders) {
    await sdk.track({ name: 'purchase', time: Math.round(now - order.daysAgo * DAY), transaction_id: order.transaction_id, value: order.value, currency: 'GBP', items: order.items });
  }
}

/** The inspector: everything the SDK has learned about this shopper, with consent, personas, export and forget. */
export function showProfilePanel(sdk: Shopscene): void {
  const panel = document.createElement('details');
  panel.className = 'profile-panel';
  panel.id = 'profile-panel';
  document.body.append(panel);
  const draw = (p: Profile) => {
    const open = panel.open;
    const now = Date.now();
    const rfm = rfmSegment(p, {}, now);
    const stages = Object.entries(aiplStages(p, now)).filter(([, s]) => s !== 'none');
    panel.innerHTML = `<summary>What shopscene knows about you</summary>
      <p class="muted">Stored in <b id="storage-kind">${sdk.diagnostics().storage}</b>, on this device only. ${p.eventCount} events.</p>
      <p><label>Backend <select id="backend">${BACKENDS.map(([b, label]) => `<option value="${b}"${b === backendMode() ? ' selected' : ''}>${label}</option>`).join('')}</select></label></p>
      <p class="muted" id="delivery">${deliveryLine(sdk)}</p>
      <p><label>Consent <select id="consent">${['granted', 'pending', 'denied'].map((c) => `<option${c === sdk.consent() ? ' selected' : ''}>${c}</option>`).join('')}</select></label></p>
      <p><label>Persona <select id="persona"><option value="">replay a real shopper…</option>${personas.map((x, i) => `<option value="${i}" title="${esc(x.about)}">${esc(x.name)}</option>`).join('')}</select></label></p>
      <h4>Traits</h4><p>${list(Object.entries(p.traits).map(([k, v]) => `${esc(k)}: ${esc(String(v))}`))}</p>
      <h4>Interests</h4><ul>${weights(p.affinities.category, now)}</ul>
      <h4>Brands</h4><ul>${weights(p.affinities.brand, now)}</ul>
      <h4>Value (RFM)</h4><p id="rfm">${rfm.recencyDays === null ? 'no orders yet' : `last order ${rfm.recencyDays.toFixed(0)} days ago · ${rfm.frequency} orders · ${rfm.monetary.toFixed(2)} spent<br>scores R${rfm.scores.r} F${rfm.scores.f} M${rfm.scores.m} → <b>${rfm.segment}</b>`}</p>
      <h4>Stage (AIPL)</h4><p id="aipl">${list(stages.map(([k, s]) => `${esc(k.replace(/^\w+:/, ''))} <b>${s}</b>`))}</p>
      <h4>Searches</h4><p>${list(p.searches.map((s) => esc(s.term)))}</p>
      <h4>Recently viewed</h4><p>${list(p.viewed.slice(0, 5).map((v) => esc(v.name ?? v.id)))}</p>
      <h4>Bought</h4><p>${list(p.bought.slice(0, 5).map((v) => esc(v.name ?? v.id)))}</p>
      <h4>Not interested</h4><p>${p.dislikes.length} item(s)</p>
      <h4>Came through shared links</h4><p id="referrals">${list((p.referrals ?? []).slice(-5).map((r) => esc(`${r.campaign ?? r.source ?? 'a link'}${r.content ? ` · ${r.content}` : ''} (from ${r.code})`)))}</p>
      <h4>A/B tests</h4><p>${list(Object.entries(p.experiments ?? {}).map(([test, variant]) => `${esc(test)} <b>${esc(variant)}</b>`))}</p>
      <p><button type="button" id="export">Export my data</button> <button type="button" id="forget">Forget me</button></p>`;
    panel.open = open;
    panel.querySelector('#forget')?.addEventListener('click', () => void sdk.forget());
    panel.querySelector('#export')?.addEventListener('click', async () => {
      const url = URL.createObjectURL(new Blob([JSON.stringify(await sdk.exportProfile(), null, 2)], { type: 'application/json' }));
      Object.assign(document.createElement('a'), { href: url, download: 'shopscene-profile.json' }).click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    panel.querySelector<HTMLSelectElement>('#backend')?.addEventListener('change', (e) => {
      try {
        localStorage.setItem(BACKEND_KEY, (e.target as HTMLSelectElement).value);
      } catch {}
      location.reload(); // public/demo-backend.js points the script tag at /api (or not) as the page loads
    });
    panel.querySelector<HTMLSelectElement>('#consent')?.addEventListener('change', (e) => void sdk.setConsent((e.target as HTMLSelectElement).value as Consent));
    panel.querySelector<HTMLSelectElement>('#persona')?.addEventListener('change', (e) => {
      const persona = personas[Number((e.target as HTMLSelectElement).value)];
      if (persona) void replay(sdk, persona);
    });
  };
  sdk.profile.subscribe(draw);
  // Delivery moves without the profile changing (a batch goes out): refresh its line on its own.
  setInterval(() => {
    const line = panel.querySelector('#delivery');
    if (line) line.textContent = deliveryLine(sdk);
  }, 1000);
}

/** Event delivery in one line: nothing to send in static mode; else queued, delivered, dropped. */
function deliveryLine(sdk: Shopscene): string {
  const d = sdk.diagnostics().delivery;
  if (!d) return 'Events stay on this device (the static catalog has no backend to send them to).';
  return `Events to the backend: ${d.delivered} delivered, ${d.queued} waiting${d.dropped ? `, ${d.dropped} dropped` : ''} (${d.state}).`;
}
