import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ShopEvent } from '../events/event-schema.ts';
import { beaconEvents, eventsUrl } from './events-beacon.ts';

const event = { name: 'page_view', event_id: 'e1', time: 1, anonymous_id: 'a', session_id: 's' } as ShopEvent;
afterEach(() => vi.unstubAllGlobals());

describe('the events beacon', () => {
  it('goes to /v1/events with the write key in the URL', () => {
    expect(eventsUrl('https://api.example.com//')).toBe('https://api.example.com/v1/events');
    expect(eventsUrl('https://api.example.com', 'pk 1&2')).toBe('https://api.example.com/v1/events?key=pk%201%262');
  });

  it('carries the batch as text/plain JSON, and says whether the browser took it', async () => {
    const sent: { url: string; body: Blob }[] = [];
    let answer = true;
    vi.stubGlobal('navigator', { sendBeacon: (url: string, body: Blob) => (sent.push({ url, body }), answer) });
    expect(beaconEvents('/v1/events', [event])).toBe(true);
    answer = false;
    expect(beaconEvents('/v1/events', [event])).toBe(false);
    expect(sent[0]!.body.type).toBe('text/plain;charset=utf-8');
    const body = JSON.parse(await sent[0]!.body.text());
    expect(body.events).toEqual([event]);
    expect(typeof body.sent_at).toBe('number');
  });

  it('is refused, not thrown, where sendBeacon throws or is missing', () => {
    vi.stubGlobal('navigator', {
      sendBeacon: () => {
        throw new TypeError('Illegal invocation');
      },
    });
    expect(beaconEvents('/v1/events', [event])).toBe(false);
    vi.stubGlobal('navigator', {});
    expect(beaconEvents('/v1/events', [event])).toBe(false);
  });
});
