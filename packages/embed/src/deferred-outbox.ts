import { beaconEvents, chunkByBytes, eventsUrl, type DeliveryFailure, type Outbox, type OutboxStatus, type ShopEvent } from '@shopscene/core';

type Consent = Parameters<Outbox['setConsent']>[0];

/**
 * The outbox of a `data-api` page, until its part has arrived (it comes with the REST adapter, so a
 * page without a backend never loads it). Events wait here in order and `add()` resolves only once
 * the real outbox has stored them; if the page goes away first, they leave by beacon — nothing is lost
 * in the moment before the part is there.
 */
export function createDeferredOutbox(
  backend: { baseUrl: string; key?: string },
  load: () => Promise<(options: { onFailure: (f: DeliveryFailure) => void; consent?: Consent; leaving: () => boolean }) => Outbox>,
  options: { consent?: Consent; onFailure: (f: DeliveryFailure) => void },
): Outbox {
  let real: Outbox | undefined;
  /** Set first thing at pagehide (this listener comes before the tracker's and the outbox's own). */
  let going = false;
  let waiting: { event: ShopEvent; done: () => void }[] = [];
  let consent = options.consent;
  let failed: string | null = null;
  const ready = load().then(
    (create) => {
      real = create({ onFailure: options.onFailure, ...(consent ? { consent } : {}), leaving: () => going });
      for (const { event, done } of waiting.splice(0)) void real.add(event).then(done, done);
      return real;
    },
    (error: unknown) => {
      // No outbox: the events stay here and leave by beacon when the page goes; track() goes on.
      failed = error instanceof Error ? error.message : String(error);
      for (const { done } of waiting) done();
      return undefined;
    },
  );
  const beaconWaiting = () => {
    if (real || !waiting.length || consent === 'pending' || consent === 'denied') return;
    // The beacon restEvents sends (POST /v1/events), without loading the REST code for it.
    const url = eventsUrl(backend.baseUrl, backend.key);
    for (const chunk of chunkByBytes(waiting.map((w) => w.event))) {
      if (!beaconEvents(url, chunk)) continue;
      const sent = waiting.filter((w) => chunk.includes(w.event));
      waiting = waiting.filter((w) => !sent.includes(w));
      for (const w of sent) w.done();
    }
  };
  if (typeof addEventListener === 'function') {
    addEventListener('pagehide', () => ((going = true), beaconWaiting()), true);
    addEventListener('pageshow', () => void (going = false), true);
  }
  return {
    add: (event) =>
      real
        ? real.add(event)
        : new Promise<void>((done) => {
            if (failed) done(); // kept in memory, and beaconed when the page goes
            waiting.push({ event, done });
          }),
    setConsent: async (next) => {
      consent = next;
      if (next === 'denied') waiting = [];
      await (await ready)?.setConsent(next);
    },
    flush: async () => void (await (await ready)?.flush()),
    clear: async () => {
      waiting = [];
      await (await ready)?.clear();
    },
    status: (): OutboxStatus =>
      real?.status() ?? {
        storage: 'memory',
        queued: waiting.length,
        delivered: 0,
        dropped: 0,
        lastDelivery: null,
        lastError: failed,
        state: consent === 'pending' ? 'consent-pending' : 'starting',
        sender: false,
        nextAttemptAt: null,
        attempts: [],
      },
    close: () => real?.close(),
  };
}
