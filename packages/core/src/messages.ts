import { toJson } from './util/to-json.ts';

/** Every developer-facing message of core, in one place, so they read alike and are easy to find. */
export const messages = {
  trackIgnored: (issues: string) => `shopscene: track() ignored an invalid event: ${issues}`,
  trackUnknownFields: (name: string, keys: string[]) =>
    `shopscene: track('${name}') ignored unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`,
  identifyIgnored: (issues: string) => `shopscene: identify() ignored invalid traits: ${issues}`,
  catalogItemSkipped: (source: string, where: string, issues: string) => `shopscene: ${source} item ${where} skipped: ${issues}`,
  catalogMoreSkipped: (source: string, count: number) => `shopscene: ${source}: ${count} more items skipped (only the first are named)`,
  catalogLimited: (source: string, count: number, max: number) =>
    `shopscene: ${source} has ${count.toLocaleString('en')} products; the ${max.toLocaleString('en')} most popular are kept (maxProducts). Serve a catalog this large through a backend (data-api).`,
  textCut: (what: string, length: number, max: number) => `shopscene: ${what} is ${length.toLocaleString('en')} characters; cut to ${max}`,
  catalogFailed: (source: string, reason: string) => `shopscene: could not load the catalog ${source}: ${reason}`,
  storageFallback: (reason: string) =>
    `shopscene: IndexedDB is unavailable (${reason}); the shopper profile is kept in memory for this page`,
  storageWriteFailed: (reason: string) => `shopscene: could not save the profile (${reason}); it stays in memory`,
  storedProfileReplaced: (reason: string) => `shopscene: the stored profile was unreadable (${reason}) and was replaced`,
  storedProfileRepaired: (paths: string[]) =>
    `shopscene: the stored profile had ${paths.length} malformed entr${paths.length === 1 ? 'y' : 'ies'} (${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''}); dropped, the rest kept`,
  storedProfileMigrated: (from: number, to: number) => `shopscene: the stored profile was migrated from version ${from} to ${to}`,
  badConsent: (value: unknown) => `shopscene: setConsent() takes 'pending', 'granted' or 'denied', not ${toJson(value)}`,
  callbackFailed: (where: string, reason: string) => `shopscene: ${where} failed: ${reason}`,
  recommendFailed: (reason: string) => `shopscene: recommendations failed: ${reason}`,
  outboxInMemory: (reason: string) => `shopscene: IndexedDB is unavailable (${reason}); events waiting to be sent are kept in memory for this page`,
  outboxWriteFailed: (reason: string) => `shopscene: could not queue events in IndexedDB (${reason}); they are kept in memory and sent from this page`,
  eventsDropped: (count: number, reason: string, detail: string) => `shopscene: ${count} event${count === 1 ? '' : 's'} dropped (${reason}): ${detail}`,
  deliveryStalled: (reason: string) => `shopscene: event delivery hit a problem (${reason}); retrying`,
  noAdapter: 'shopscene: createShopscene() needs an adapter, e.g. staticAdapter({ catalog })',
} as const;

/** A short text for an unknown thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
