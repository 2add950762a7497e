import { loadCatalog, tile } from '../catalog.ts';
import { renderShell, showProfilePanel, withShopscene } from '../shell.ts';

void renderShell();
withShopscene(showProfilePanel);
void loadCatalog().then((catalog) => {
  const best = [...catalog].sort((a, b) => b.popularity - a.popularity).slice(0, 6);
  document.getElementById('bestsellers')!.innerHTML = best.map(tile).join('');
});
