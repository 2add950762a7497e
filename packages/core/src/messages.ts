import { toJson } from './util/to-json.ts';

// The developer-facing messages of core's tracking side (events, the profile, consent, delivery), in one
// place, so they read alike and are easy to find; those of the recommendation side are in
// recommend-messages.ts. Named exports (read as `messages.x` through `import * as messages`): a bundle
// carries only those it uses. The script tag's loader carries these and shares them with its parts.

export const trackIgnored = (issues: string) => `shopscene: track() ignored an invalid event: ${issues}`;
export const trackUnknownFields = (name: string, keys: string[]) =>
    `shopscene: track('${name}') ignored unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
export const identifyIgnored = (issues: string) => `shopscene: identify() ignored invalid traits: ${issues}`;
export const storageFallback = (reason: string) =>
    `shopscene: IndexedDB is unavailable (${reason}); the shopper profile is kept in memory for this page`;
export const storageWriteFailed = (reason: string) => `shopscene: could not save the profile (${reason}); it stays in memory`;
export const storedProfileReplaced = (reason: string) => `shopscene: the stored profile was unreadable (${reason}) and was replaced`;
export const storedProfileRepaired = (paths: string[]) =>
    `shopscene: the stored profile had ${paths.length} malformed entr${paths.length === 1 ? 'y' : 'ies'} (${paths.slice(0, 5).join(', ')}${paths.length > 5 ? ', …' : ''}); dropped, the rest kept`;
export const storedProfileMigrated = (from: number, to: number) => `shopscene: the stored profile was migrated from version ${from} to ${to}`;
export const badConsent = (value: unknown) => `shopscene: setConsent() takes 'pending', 'granted' or 'denied', not ${toJson(value)}`;
export const callbackFailed = (where: string, reason: string) => `shopscene: ${where} failed: ${reason}`;


/** A short text for an unknown thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
