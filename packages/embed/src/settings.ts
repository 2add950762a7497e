import type { Consent } from '@shopscene/core';

/** What the script tag says, read once at start. */
export interface Settings {
  /** `data-catalog`: a URL of a JSON array of products (the static adapter). */
  catalog: string | null;
  /** `data-api`: the base URL of a backend of our HTTP contract. */
  api: string | null;
  /** `data-key`: the store's public write key for that backend (the shopscene server needs one). */
  key: string | null;
  /** `data-scenes`: a URL of a scene config. */
  scenes: string | null;
  /** `data-consent`, or a queued `['consent', …]` (the last one wins). */
  consent: Consent | undefined;
  /** `data-datalayer="off"` turns off reading GTM's dataLayer and gtag. */
  dataLayer: boolean;
  /** `data-locale`, else the page's `lang`, else the browser's language. */
  locale: string;
  /** `data-preview="url"` lets `?shopscene-preview-time=…` preview a scene; off by default, so shoppers never can. */
  previewByUrl: boolean;
  /** The folder the script came from: its parts are fetched from there. */
  base: string;
  /** `data-drop-params="order,ref"`: query parameters left out of page URLs in events, on top of the defaults. */
  dropParams: string[];
}

const CONSENTS = ['pending', 'granted', 'denied'];

/** Reads the script tag's settings; `queued` is the page's queue, for a `['consent', …]` before load. */
export function readSettings(script: HTMLScriptElement | null, doc: Document, queued: unknown[]): Settings {
  const attr = (name: string) => script?.getAttribute(`data-${name}`) || null;
  const consents = [attr('consent'), ...queued.map((c) => (Array.isArray(c) && c[0] === 'consent' ? c[1] : undefined))];
  const consent = consents.filter((c): c is Consent => CONSENTS.includes(c as string)).pop();
  const src = script?.src || doc.baseURI;
  return {
    catalog: attr('catalog'),
    api: attr('api'),
    key: attr('key'),
    scenes: attr('scenes'),
    consent,
    dataLayer: attr('datalayer') !== 'off',
    locale: attr('locale') || doc.documentElement.lang || (typeof navigator !== 'undefined' ? navigator.language : '') || 'en',
    previewByUrl: attr('preview') === 'url',
    base: new URL('.', src).href,
    dropParams: (attr('drop-params') ?? '').split(',').map((p) => p.trim()).filter(Boolean),
  };
}
