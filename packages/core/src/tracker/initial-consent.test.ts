import { afterEach, describe, expect, it } from 'vitest';
import { initialConsent } from './initial-consent.ts';

const setGpc = (on: boolean | undefined) => Object.defineProperty(navigator, 'globalPrivacyControl', { value: on, configurable: true });

describe('initialConsent', () => {
  afterEach(() => setGpc(undefined));

  it('is granted by default, and denied when the browser sends Global Privacy Control', () => {
    expect(initialConsent({})).toBe('granted');
    setGpc(true);
    expect(initialConsent({})).toBe('denied');
  });

  it('takes the consent given over GPC, and GPC can be set aside', () => {
    setGpc(true);
    expect(initialConsent({ consent: 'pending' })).toBe('pending');
    expect(initialConsent({ consent: 'granted' })).toBe('granted');
    expect(initialConsent({ respectGpc: false })).toBe('granted');
  });
});
