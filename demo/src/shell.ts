// Header, navigation and the "what shopscene knows" panel, shared by every demo page.
import type { Profile, Shopscene } from '@shopscene/core';
import { topDecayed } from '@shopscene/core';
import { readCart } from './cart.ts';
import { categoriesOf, esc, loadCatalog } from './catalog.ts';
import './styles.css';

type Queue = unknown[] | Shopscene;

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
    <nav class="top-links"><a href="/preact.html">Preact import</a><a href="/cart.html" class="cart-link">Cart (<span id="cart-count">${cartCount()}</span>)</a></nav>`;
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

/** The small panel that shows what the SDK has learned about this shopper. */
export function showProfilePanel(sdk: Shopscene): void {
  const panel = document.createElement('details');
  panel.className = 'profile-panel';
  panel.id = 'profile-panel';
  document.body.append(panel);
  const draw = (p: Profile) => {
    const open = panel.open;
    const now = Date.now();
    panel.innerHTML = `<summary>What shopscene knows about you</summary>
      <p class="muted">Stored in <b id="storage-kind">${sdk.diagnostics().storage}</b>, on this device only. ${p.eventCount} events.</p>
      <h4>Categories</h4><ul>${weights(p.affinities.category, now)}</ul>
      <h4>Brands</h4><ul>${weights(p.affinities.brand, now)}</ul>
      <h4>Searches</h4><p>${p.searches.map((s) => esc(s.term)).join(', ') || '<span class="muted">none</span>'}</p>
      <h4>Recently viewed</h4><p>${p.viewed.slice(0, 5).map((v) => esc(v.name ?? v.id)).join(', ') || '<span class="muted">none</span>'}</p>
      <h4>Not interested</h4><p>${p.dislikes.length} item(s)</p>
      <button type="button" id="forget">Forget me</button>`;
    panel.open = open;
    panel.querySelector('#forget')?.addEventListener('click', () => void sdk.forget());
  };
  sdk.profile.subscribe(draw);
}
