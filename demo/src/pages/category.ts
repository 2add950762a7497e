import { esc, loadCatalog, tile } from '../catalog.ts';
import { renderShell, showProfilePanel, withShopscene } from '../shell.ts';

void renderShell();
withShopscene(showProfilePanel);
void loadCatalog().then((catalog) => {
  const name = new URLSearchParams(location.search).get('c') ?? '';
  const products = catalog.filter((p) => p.categories.includes(name));
  document.title = `${name} · shopscene demo store`;
  document.getElementById('title')!.textContent = name || 'Unknown category';
  const tiles = document.getElementById('tiles')!;
  tiles.setAttribute('data-shopscene-list', `category-${name}`);
  tiles.setAttribute('data-shopscene-list-name', name);
  tiles.innerHTML = products.length ? products.map(tile).join('') : `<p class="muted">No products in “${esc(name)}”.</p>`;
});
