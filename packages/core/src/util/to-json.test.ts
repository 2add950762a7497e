import { afterEach, describe, expect, it } from 'vitest';
import { toJson } from './to-json.ts';

const samples: unknown[] = [
  null,
  true,
  0,
  -1.5e-7,
  'plain',
  'quote " backslash \\ newline \n tab \t nul \u0000 bell \u0007 line sep \u2028',
  '茶 🍵 emoji pair',
  { a: 1, b: [1, 'two', { c: null }], d: undefined, e: () => 1, f: NaN, g: Infinity },
  [undefined, () => 1, 3],
  { __proto__: null, own: 'x' },
  JSON.parse('{"__proto__": {"w": 1}, "constructor": 2}'),
];

describe('toJson', () => {
  afterEach(() => {
    delete (Array.prototype as unknown as { toJSON?: unknown }).toJSON;
    delete (Object.prototype as unknown as { toJSON?: unknown }).toJSON;
  });

  it.each(samples.map((s) => [JSON.stringify(s)?.slice(0, 40), s]))('writes %s as JSON.stringify does', (_, sample) => {
    expect(toJson(sample)).toBe(JSON.stringify(sample));
  });

  it('escapes lone surrogates, so the text is well-formed UTF-16 and parses back', () => {
    const text = toJson({ s: 'a\ud800b\udc00c' });
    expect(text).toBe('{"s":"a\\ud800b\\udc00c"}');
    expect(JSON.parse(text)).toEqual({ s: 'a\ud800b\udc00c' });
  });

  it('ignores toJSON that a page added to Array.prototype or Object.prototype, and inherited keys', () => {
    (Array.prototype as unknown as { toJSON: () => string }).toJSON = () => 'hijacked';
    (Object.prototype as unknown as { toJSON: () => string }).toJSON = () => 'hijacked';
    const event = { name: 'view_item', items: [{ item_id: 'sku-1', price: 3 }] };
    expect(JSON.parse(toJson(event))).toEqual({ name: 'view_item', items: [{ item_id: 'sku-1', price: 3 }] });
  });
});
