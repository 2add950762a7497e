import { esc, loadCatalog, tile } from '../catalog.ts';
import { renderShell, showProfilePanel, withShopscene } from '../shell.ts';

void renderShell();
withShopscene(showProfilePanel);
void loadCatalog().then((catalog) => {
  const q = (new URLSearchParams(location.search).get('q') ?? '').trim().toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  const hits = catalog.filter((p) => {
    const text = [p.title, p.brand ?? '', ...p.categories, ...p.tags].join(' ').toLowerCase();
    return words.length > 0 && words.every((w) => text.includes(w));
  });
  document.getElementById('title')!.textContent = q ? `${hits.length} result(s) for “${q}”` : 'Search';
  document.getElementById('tiles')!.innerHTML = hits.length ? hits.map(tile).join('') : `<p class="muted">Nothing matches “${esc(q)}”.</p>`;
});
