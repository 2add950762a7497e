import { createShopscene, restAdapter, staticAdapter, startAutoCapture, startDataLayerCapture, type Consent, type Shopscene } from '@shopscene/core';
import { defineElements, mountFestivalFloors, mountGuessYouLike, propsFromAttributes } from '@shopscene/widgets';
import { readPreview } from './preview.ts';

/** A queued call: `['track', {...}]`, `['identify', {...}]`, `['consent', 'granted']`, or a function given the SDK. */
export type Command = [string, ...unknown[]] | ((shopscene: Shopscene) => unknown);

/** The script-tag API: the SDK instance plus `push`, which keeps working after load. */
export type EmbedApi = Shopscene & { push(...commands: Command[]): number };

const PLACEHOLDERS = '[data-shopscene="guess-you-like"], [data-shopscene="festival-floors"]';

function warn(message: string) {
  try {
    console.warn(`shopscene: ${message}`);
  } catch {}
}

function run(sdk: Shopscene, command: Command): void {
  try {
    if (typeof command === 'function') return void Promise.resolve(command(sdk)).catch((e) => warn(`a queued function failed: ${e}`));
    if (!Array.isArray(command)) return warn(`ignored a queued command that is not an array: ${JSON.stringify(command)}`);
    const [name, ...args] = command;
    const calls: Record<string, (...a: unknown[]) => unknown> = {
      track: (e) => sdk.track(e),
      identify: (t) => sdk.identify(t),
      consent: (c) => sdk.setConsent(c as 'granted'),
      forget: () => sdk.forget(),
      flush: () => sdk.flush(),
      // ['onCoupon', (coupon) => true]: the host grants coupons claimed on a festival floor.
      onCoupon: (fn) => void (sdk.onCoupon = fn as Shopscene['onCoupon']),
      // ['onDeliveryFailure', (failure) => …]: told about events the backend refused or the full queue shed.
      onDeliveryFailure: (fn) => void (sdk.onDeliveryFailure = fn as Shopscene['onDeliveryFailure']),
      serverTime: (ms) => sdk.setServerTimeOffset(Number(ms) - Date.now()),
    };
    const call = typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name) ? calls[name] : undefined;
    if (!call) return warn(`unknown command ${JSON.stringify(name)} in the queue; known: ${Object.keys(calls).join(', ')}`);
    void Promise.resolve(call(...args)).catch((e) => warn(`${name} failed: ${e}`));
  } catch (error) {
    warn(`a queued command failed: ${error}`);
  }
}

/** Reads the script tag's settings, creates the SDK, replays the queue, and mounts widgets; never throws. */
export function boot(win: Window & { shopscene?: unknown }, script: HTMLScriptElement | null): EmbedApi | undefined {
  try {
    const doc = win.document;
    const catalog = script?.getAttribute('data-catalog');
    const backend = script?.getAttribute('data-api');
    if (!catalog && !backend) warn('the script tag has no data-catalog="…" (a URL of a JSON array of products) nor data-api="…"; recommendations stay empty');
    const queued = Array.isArray(win.shopscene) ? (win.shopscene as Command[]) : [];
    // Consent must be known before anything is stored: a queued ['consent', …] or data-consent="…" decides it.
    const consents = [script?.getAttribute('data-consent'), ...queued.map((c) => (Array.isArray(c) && c[0] === 'consent' ? c[1] : undefined))];
    const consent = consents.filter((c): c is Consent => c === 'pending' || c === 'granted' || c === 'denied').pop();
    const scenes = script?.getAttribute('data-scenes');
    const preview = readPreview(win.location.search);
    const local = staticAdapter({ catalog: catalog ?? [] });
    const sdk = createShopscene({
      // data-api selects the backend of our HTTP contract, with the static catalog as its fallback.
      adapter: backend ? restAdapter({ baseUrl: backend, fallback: local }) : local,
      ...(consent ? { consent } : {}),
      ...(scenes ? { scenes } : {}),
      ...(preview ? { preview } : {}),
    });
    const api: EmbedApi = Object.assign(sdk, {
      push(...commands: Command[]) {
        for (const command of commands) run(sdk, command);
        return commands.length;
      },
    });
    win.shopscene = api;
    for (const command of queued) run(sdk, command);

    startAutoCapture((event) => sdk.track(event), doc);
    if (script?.getAttribute('data-datalayer') !== 'off') startDataLayerCapture((event) => sdk.track(event), win);
    defineElements(sdk);
    const mounted = new WeakSet<Element>();
    const mount = (root: ParentNode) => {
      const found = root instanceof Element && root.matches(PLACEHOLDERS) ? [root] : [...root.querySelectorAll(PLACEHOLDERS)];
      for (const el of found) {
        if (mounted.has(el)) continue;
        mounted.add(el);
        try {
          if (el.getAttribute('data-shopscene') === 'festival-floors') mountFestivalFloors(el, sdk);
          else mountGuessYouLike(el, { shopscene: sdk, ...propsFromAttributes(el) });
        } catch (error) {
          warn(`could not mount a widget: ${error}`);
        }
      }
    };
    mount(doc);
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) mount(n);
    }).observe(doc.documentElement, { childList: true, subtree: true });
    // Write the profile before the page goes away (bfcache-friendly: pagehide, not unload).
    win.addEventListener('pagehide', () => void sdk.flush().catch(() => {}));
    doc.addEventListener('visibilitychange', () => {
      if (doc.visibilityState === 'hidden') void sdk.flush().catch(() => {});
    });
    return api;
  } catch (error) {
    warn(`could not start: ${error}`);
    return undefined;
  }
}
