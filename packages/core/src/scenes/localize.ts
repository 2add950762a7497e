import { own } from '../util/own.ts';

/** A label in the shopper's language: the exact locale, then its language, then English, then any. */
export function localize(text: string | Record<string, string> | undefined, locale = 'en'): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const language = locale.split('-')[0]!;
  return own(text, locale) ?? own(text, language) ?? Object.entries(text).find(([k]) => k.startsWith(`${language}-`))?.[1] ?? own(text, 'en') ?? Object.values(text)[0] ?? '';
}
