import { warn } from './warn.ts';

const PLACEHOLDERS = '[data-shopscene="guess-you-like"], [data-shopscene="festival-floors"], shopscene-guess-you-like, shopscene-festival-floors';
/** Our custom elements' attributes: a change mounts the widget again. */
const ATTRIBUTES = ['page-size', 'heading', 'placement', 'locale', 'scene', 'dislike', 'scheme', 'max-items'];

/**
 * Mounts a widget on each placeholder in the page (`data-shopscene="guess-you-like"` or
 * `"festival-floors"`), now and as the page adds more, and on our custom elements while they are
 * connected (again when an attribute changes). `load` fetches what draws one (`venue`: a festival
 * floor) and resolves to a function that draws it, called only if the element is still there, which
 * returns what stops it. A widget that fails is one warning, and the rest of the page goes on.
 */
export function mountWidgets(win: Window, load: (el: Element, venue: boolean) => Promise<() => () => void>): void {
  const doc = win.document;
  const mounted = new WeakMap<Element, { stop?: () => void }>();
  const mount = (el: Element) => {
    if (mounted.has(el)) return;
    const entry: { stop?: () => void } = {};
    mounted.set(el, entry);
    const venue = el.getAttribute('data-shopscene') === 'festival-floors' || el.localName === 'shopscene-festival-floors';
    load(el, venue)
      .then((draw) => {
        if (mounted.get(el) === entry) entry.stop = draw(); // (not if removed, or mounted again, meanwhile)
      })
      .catch((error: unknown) => {
        if (mounted.get(el) === entry) mounted.delete(el);
        warn(`a widget could not load (${error instanceof Error ? error.message : String(error)}); the rest of the page works without it`);
      });
  };
  const unmount = (el: Element) => {
    mounted.get(el)?.stop?.();
    mounted.delete(el);
  };
  defineElements(win, mount, unmount);
  const scan = (root: ParentNode) => {
    const found = root instanceof Element && root.matches(PLACEHOLDERS) ? [root] : [...root.querySelectorAll(PLACEHOLDERS)];
    for (const el of found) if (!el.localName.startsWith('shopscene-')) mount(el);
  };
  scan(doc);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) scan(n);
  }).observe(doc.documentElement, { childList: true, subtree: true });
}

/** Our custom elements: they mount while connected, and mount again when an attribute changes. */
function defineElements(win: Window, mount: (el: Element) => void, unmount: (el: Element) => void) {
  const registry = win.customElements;
  if (!registry) return;
  for (const name of ['shopscene-guess-you-like', 'shopscene-festival-floors']) {
    if (registry.get(name)) continue;
    registry.define(
      name,
      class extends HTMLElement {
        static get observedAttributes() {
          return ATTRIBUTES;
        }
        connectedCallback() {
          mount(this);
        }
        disconnectedCallback() {
          unmount(this);
        }
        attributeChangedCallback(_name: string, before: string | null, after: string | null) {
          if (before === after || !this.isConnected) return;
          unmount(this);
          mount(this);
        }
      },
    );
  }
}
