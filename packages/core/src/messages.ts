import { toJson } from './util/to-json.ts';

// Every developer-facing message of core, in one place, so they read alike and are easy to find.
// Named exports (read as `messages.x` through `import * as messages`): a bundle carries only those it uses.

export const trackIgnored = (issues: string) => `shopscene: track() ignored an invalid event: ${issues}`;
export const trackUnknownFields = (name: string, keys: string[]) =>
    `shopscene: track('${name}') ignored unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
export const identifyIgnored = (issues: string) => `shopscene: identify() ignored invalid traits: ${issues}`;
export const catalogItemSkipped = (source: string, where: string, issues: string) => `shopscene: ${source} item ${where} skipped: ${issues}`;
export const catalogMoreSkipped = (source: string, count: number) => `shopscene: ${source}: ${count} more items skipped (only the first are named)`;
export const catalogLimited = (source: string, count: number, max: number) =>
    `shopscene: ${source} has ${count.toLocaleString('en')} products; the ${max.toLocaleString('en')} most popular are kept (maxProducts). Serve a catalog this large through a backend (data-api).`;
export const relatedIgnored = (id: string, issue: string) => `shopscene: product ${id}: its related list is ignored (${issue}); the product is kept`;
export const textCut = (what: string, length: number, max: number) => `shopscene: ${what} is ${length.toLocaleString('en')} characters; cut to ${max}`;
export const catalogFailed = (source: string, reason: string) => `shopscene: could not load the catalog ${source}: ${reason}`;
export const storageFallback = (reason: string) =>
    `shopscene: IndexedDB is unavailable (${reason}); the shopper profile is kept in memory for this page`;
export const storageWriteFailed = (reason: string) => `shopscene: could not save the profile (${reason}); it stays in memory`;
export const storedProfileReplaced = (reason: string) => `shopscene: the stored profile was unreadable (${reason}) and was replaced`;
export const storedProfileRepaired = (paths: string[]) =>
    `shopscene: the stored profile had ${paths.length} malformed entr${paths.length === 1 ? 'y' : 'ies'} (${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''}); dropped, the rest kept`;
export const storedProfileMigrated = (from: number, to: number) => `shopscene: the stored profile was migrated from version ${from} to ${to}`;
export const badConsent = (value: unknown) => `shopscene: setConsent() takes 'pending', 'granted' or 'denied', not ${toJson(value)}`;
export const callbackFailed = (where: string, reason: string) => `shopscene: ${where} failed: ${reason}`;
export const recommendFailed = (reason: string) => `shopscene: recommendations failed: ${reason}`;
export const couponUngranted =
  'shopscene: a coupon was claimed but nothing can grant it; give the script tag shopscene.push(["onCoupon", (coupon) => true]) or an adapter with claimCoupon';
export const noAdapter = 'shopscene: createShopscene() needs an adapter, e.g. staticAdapter({ catalog })';


/** A short text for an unknown thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
