// Typings of our custom elements for the host app: `document.querySelector('shopscene-guess-you-like')`
// and `<shopscene-guess-you-like page-size="8" />` in Preact JSX type-check. React 19 apps add
// `import type {} from '@shopscene/widgets/react'` (see react.d.ts beside the package's README).

/** The attributes of `<shopscene-guess-you-like>`; changing one after mount redraws the widget. */
export interface GuessYouLikeElementAttributes {
  /** Cards per page, 1–100. */
  'page-size'?: number | `${number}`;
  /** The heading; an empty string for none. */
  heading?: string;
  /** `home`, a page's own placement, or `related:<product id>` for "shoppers also viewed". */
  placement?: string;
  /** `en`, `zh-CN`, …; else the page's `lang`, then the browser's. */
  locale?: string;
  scheme?: 'light' | 'dark' | 'auto';
  /** `false` hides the "not interested" button. */
  dislike?: 'true' | 'false';
  /** At most this many cards in all (a row rather than an endless feed). */
  'max-items'?: number | `${number}`;
}

/** The attributes of `<shopscene-festival-floors>`. */
export interface FestivalFloorsElementAttributes {
  /** The scene's id; else the active scene. */
  scene?: string;
  locale?: string;
}

/**
 * What any element takes in JSX, written out so the typings hold for Preact 10 (`JSX.HTMLAttributes`)
 * and Preact 11 (`HTMLAttributes` from 'preact') alike.
 */
export interface HostElementAttributes {
  id?: string;
  class?: string;
  className?: string;
  style?: string | Record<string, string | number>;
  slot?: string;
  hidden?: boolean;
  key?: string | number;
  ref?: unknown;
  children?: unknown;
  [data: `data-${string}`]: string | number | boolean | undefined;
  [aria: `aria-${string}`]: string | number | boolean | undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'shopscene-guess-you-like': HTMLElement;
    'shopscene-festival-floors': HTMLElement;
  }
}

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'shopscene-guess-you-like': HostElementAttributes & GuessYouLikeElementAttributes;
      'shopscene-festival-floors': HostElementAttributes & FestivalFloorsElementAttributes;
    }
  }
}
