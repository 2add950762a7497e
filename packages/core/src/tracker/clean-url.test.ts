import { describe, expect, it } from 'vitest';
import { cleanUrl, DROPPED_PARAMS, MAX_URL_LENGTH } from './clean-url.ts';

const drop = new Set([...DROPPED_PARAMS, 'order']);

describe('cleanUrl', () => {
  it('leaves a plain URL as it is', () => {
    const url = 'https://shop.example/p/tea?utm_source=mail&utm_campaign=spring&ss_ref=abc#reviews';
    expect(cleanUrl(url, drop)).toBe(url);
  });

  it('drops the listed parameters, whatever their case or escaping, from the query and a query-like fragment', () => {
    expect(cleanUrl('https://s.example/reset?Token=abc&lang=en&pass%77ord=x&order=T-77', drop)).toBe('https://s.example/reset?lang=en');
    expect(cleanUrl('https://s.example/?email=a&token=b', drop)).toBe('https://s.example/');
    expect(cleanUrl('https://s.example/cb#access_token=xyz&state=1', drop)).toBe('https://s.example/cb#state=1');
    expect(cleanUrl('https://s.example/p?q=%E0%A4%A&x=1', drop)).toBe('https://s.example/p?q=%E0%A4%A&x=1'); // a malformed escape is kept as written
  });

  it('redacts e-mail addresses anywhere, written plainly or escaped', () => {
    expect(cleanUrl('https://s.example/u/bob.smith+shop@mail.example.com/orders?ref=x', drop)).toBe('https://s.example/u/(redacted)/orders?ref=x');
    expect(cleanUrl('https://s.example/?q=alice%40example.co.uk&n=2', drop)).toBe('https://s.example/?q=(redacted)&n=2');
  });

  it('cuts to the documented length, and stays fast on a 500 KB URL', () => {
    const huge = `https://s.example/land?utm_source=x&blob=${'a'.repeat(500_000)}@${'b'.repeat(1000)}`;
    const start = performance.now();
    const out = cleanUrl(huge, drop);
    expect(performance.now() - start).toBeLessThan(1000); // (a quadratic search would take minutes)
    expect(out).toHaveLength(MAX_URL_LENGTH);
    expect(out.startsWith('https://s.example/land?utm_source=x&blob=aaa')).toBe(true);
    // An address across the cut is redacted, not left half there.
    const near = `https://s.example/?q=${'x'.repeat(MAX_URL_LENGTH - 40)}&to=carol@example.com&z=${'y'.repeat(300)}`;
    expect(cleanUrl(near, drop)).not.toMatch(/carol|example\.com/);
  });
});
