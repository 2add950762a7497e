import { addToCart } from '../cart.ts';
import { esc, itemAttributes, loadCatalog, money } from '../catalog.ts';
import { renderShell, showProfilePanel, withShopscene } from '../shell.ts';

void renderShell();
withShopscene(showProfilePanel);
void loadCatalog().then((catalog) => {
  const id = new URLSearchParams(location.search).get('id');
  const p = catalog.find((x) => x.id === id);
  const main = document.getElementById('main')!;
  if (!p) {
    main.innerHTML = `<h1>Product not found</h1><p><a href="/">Back to the store</a></p>`;
    return;
  }
  document.title = `${p.title} · shopscene demo store`;
  // data-shopscene-page-item marks this as a product page: shopscene records view_item.
  main.innerHTML = `<article class="product" ${itemAttributes(p).replace('data-shopscene-item=', 'data-shopscene-page-item=')}>
      <img src="${esc(p.image.url)}" width="${p.image.width}" height="${p.image.height}" alt="${esc(p.title)}">
      <div>
        <p class="muted">${esc(p.categories.join(' › '))}${p.brand ? ` · ${esc(p.brand)}` : ''}</p>
        <h1>${esc(p.title)}</h1>
        <p class="price">${money(p.price, p.currency)}</p>
        <p>${esc(p.description ?? '')}</p>
        <button type="button" id="add" data-shopscene-action="add_to_cart">Add to cart</button>
        <button type="button" data-shopscene-action="add_to_wishlist" class="button button-quiet">♡ Wishlist</button>
        <p id="added" class="muted" role="status"></p>
      </div>
    </article>
    <section class="block"><shopscene-guess-you-like placement="related:${esc(p.id)}" max-items="8" page-size="8"></shopscene-guess-you-like></section>
    <section class="block"><shopscene-guess-you-like page-size="8" heading="You may also like" placement="product-page"></shopscene-guess-you-like></section>`;
  document.getElementById('add')!.addEventListener('click', () => {
    addToCart(p);
    document.getElementById('added')!.textContent = 'Added to your cart.';
  });
});
