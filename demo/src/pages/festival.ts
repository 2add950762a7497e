import { esc } from '../catalog.ts';
import { renderShell, showProfilePanel, withShopscene } from '../shell.ts';

void renderShell();
withShopscene(showProfilePanel);

// The demo's three venues, each with a preview time inside its campaign so it shows today.
const VENUES = [
  { id: 'spring-festival-2027', name: 'Spring Festival 年货节', time: '2027-02-01T20:00+08:00' },
  { id: 'double-11-2026', name: 'Double 11 双十一', time: '2026-11-11T00:00+08:00' },
  { id: 'valentines-2027', name: "Valentine's Day", time: '2027-02-13T10:00Z', audience: 'lifeStage:couple' },
];
const params = new URLSearchParams(location.search);
const scene = params.get('scene') ?? VENUES[0]!.id;
document.getElementById('venues')!.innerHTML = VENUES.map((v) => {
  const url = `/festival.html?scene=${v.id}&shopscene-preview-time=${encodeURIComponent(v.time)}${v.audience ? `&shopscene-preview-audience=${v.audience}` : ''}`;
  return `<a href="${esc(url)}"${v.id === scene ? ' aria-current="page"' : ''}>${esc(v.name)}</a>`;
}).join(' · ') + ' · <a href="/playground.html">Scene playground</a>';
// The demo store grants every coupon a shopper claims (a real store would check and record it).
const w = window as unknown as { shopscene?: { push(command: unknown): void } | unknown[] };
(w.shopscene ??= []).push(['onCoupon', () => true]);
// …and lets every shopper start or join a group on the group-buy floor (a real store would open the group order).
w.shopscene.push(['onGroup', () => true]);
// A merchant writes this placeholder in the page; here the venue comes from the URL.
const placeholder = document.createElement('div');
placeholder.setAttribute('data-shopscene', 'festival-floors');
placeholder.setAttribute('data-scene', scene);
document.getElementById('venue')!.append(placeholder);
