import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../tracker/create-tracker.ts';
import { validateEvent, validateShopEvent } from './validate-event.ts';

describe('validateEvent', () => {
  it('accepts a GA4 ecommerce event', () => {
    const result = validateEvent({ name: 'add_to_cart', currency: 'USD', value: 9.5, items: [{ item_id: 'sku-1', price: 9.5, quantity: 1 }] });
    expect(result.ok).toBe(true);
  });

  it.each([
    [{ name: 'add_to_cart', items: [{ item_id: true }] }, 'items[0].item_id', /expected string, received boolean true/],
    [{ name: 'add_to_cart', items: [{ item_id: 'a', price: 'cheap' }] }, 'items[0].price', /expected number, received string cheap/],
    [{ name: 'add_to_cart', items: [{ price: 3 }] }, 'items[0].item_id', /required/],
    [{ name: 'add_to_cart', items: ['sku-1'] }, 'items[0]', /expected object/],
    [{ items: [] }, 'name', /required/],
    [{ name: 'page_view', time: 1_700_000_000 }, 'time', /milliseconds after 2000/],
    [{ name: 'buy_now' }, 'name', /must be one of page_view/],
    [{ name: 'view_item' }, 'items', /needs at least one item/],
    [{ name: 'search' }, 'search_term', /needs the search_term/],
    [{ name: 'purchase', value: 3 }, 'transaction_id', /needs the transaction_id/],
    [{ name: 'purchase', transaction_id: 'T', currency: 'usd' }, 'currency', /three-letter/],
    [{ name: 'add_to_cart', items: [{ item_id: 'a', quantity: 1.5 }] }, 'items[0].quantity', /whole number/],
    [{ name: 'add_to_cart', items: [{ item_id: 'a', price: Number.POSITIVE_INFINITY }] }, 'items[0].price', /expected number, received Infinity/],
    [{ name: 'select_item', items: [{ item_id: '' }] }, 'items[0].item_id', /must not be empty/],
    ['add_to_cart', '(root)', /must be an object/],
    [null, '(root)', /must be an object/],
  ])('rejects %j at %s', (input, path, message) => {
    const result = validateEvent(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toContain(path);
    expect(result.issues.find((i) => i.path === path)!.message).toMatch(message);
  });

  it('takes GA4\'s numeric ids and numeric strings, as GA4 does', () => {
    const result = validateEvent({ name: 'purchase', transaction_id: 1001, value: '59.90', items: [{ item_id: 42, price: '19.95', quantity: '3', index: 0 }] });
    expect(result.ok && result.value.event).toEqual({ name: 'purchase', transaction_id: '1001', value: 59.9, items: [{ item_id: '42', price: 19.95, quantity: 3, index: 0 }] });
  });

  it('reads only the own fields of what it is given (a polluted Object.prototype changes nothing)', () => {
    const proto = Object.prototype as unknown as Record<string, unknown>;
    proto.currency = 'bad';
    proto.polluted = 1;
    try {
      const result = validateEvent({ name: 'view_item', items: [{ item_id: 'a' }] });
      expect(result.ok && result.value).toEqual({ event: { name: 'view_item', items: [{ item_id: 'a' }] }, unknownFields: [] });
    } finally {
      delete proto.currency;
      delete proto.polluted;
    }
  });

  it('drops unknown fields and names them', () => {
    const result = validateEvent({ name: 'search', search_term: 'tea', serch: 'x' });
    expect(result.ok && result.value.unknownFields).toEqual(['serch']);
    expect(result.ok && 'serch' in result.value.event).toBe(false);
  });
});

describe('track() with bad input', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives a clear message naming the path, resolves with the issues, and never throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tracker = createTracker({ storage: 'memory', now: () => 1000 });
    const result = await tracker.track({ name: 'add_to_cart', items: [{ item_id: 'a', quantity: -1 }] });
    expect(result.ok).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('items[0].quantity: must not be negative'));
    expect(tracker.profile.value.eventCount).toBe(0);
  });

  it('survives inputs that throw when read, and keeps working after', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tracker = createTracker({ storage: 'memory', now: () => 1000 });
    const hostile = Object.defineProperty({}, 'name', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    await expect(tracker.track(hostile)).resolves.toMatchObject({ ok: false });
    await expect(tracker.track(undefined)).resolves.toMatchObject({ ok: false });
    const ok = await tracker.track({ name: 'view_item', items: [{ item_id: 'a' }] });
    expect(ok.ok).toBe(true);
    expect(tracker.profile.value.viewed.map((v) => v.id)).toEqual(['a']);
  });

  it('stamps good events with ids, time, session and the anonymous id of the profile', async () => {
    const tracker = createTracker({ storage: 'memory', now: () => 1234 });
    const a = await tracker.track({ name: 'page_view' });
    const b = await tracker.track({ name: 'page_view' });
    if (!a.ok || !b.ok) throw new Error('expected both to be recorded');
    expect(a.event.event_id).not.toBe(b.event.event_id);
    expect(a.event.time).toBe(1234);
    expect(a.event.session_id).toBe(b.event.session_id);
    expect(a.event.anonymous_id).toBe(tracker.profile.value.anonymousId);
  });
});

describe('validateShopEvent', () => {
  const sent = { name: 'add_to_cart', event_id: 'e-1', time: 1_800_000_000_000, anonymous_id: 'a-1', session_id: 's-1', items: [{ item_id: 'sku-1', price: '9.99' }], page: { url: 'https://s.example/p', path: '/p', title: '', referrer: '' } };

  it('accepts an event as the SDK sends it, with what the SDK adds', () => {
    const result = validateShopEvent(sent);
    expect(result).toEqual({ ok: true, value: { event: { ...sent, items: [{ item_id: 'sku-1', price: 9.99 }] }, unknownFields: [] } });
  });

  it('names what is missing or wrong, the SDK’s fields and the event’s alike', () => {
    const { event_id: _, ...noId } = sent;
    const result = validateShopEvent({ ...noId, time: 1700, session_id: '', items: [{ price: 1 }], page: { url: 42 } });
    expect(result.ok).toBe(false);
    const paths = (result as { issues: { path: string }[] }).issues.map((i) => i.path).sort();
    expect(paths).toEqual(['event_id', 'items[0].item_id', 'session_id', 'time']);
    expect(validateShopEvent({ ...sent, page: 'home' })).toMatchObject({ ok: false, issues: [{ path: 'page' }] });
    expect(validateShopEvent('x')).toMatchObject({ ok: false });
  });
});
