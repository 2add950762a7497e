import type { DeliveryReceipt } from '../adapters/types.ts';
import type { ShopEvent } from '../events/event-schema.ts';
import { chunkByBytes } from './delivery-policy.ts';
import type { OwnEvent } from './own-events.ts';

/**
 * Sends events by beacon in chunks of at most `maxBytes` (64 KB: a beacon's limit in flight), in the order given, each marked `beaconing`
 * first; then tells of each chunk whether the browser took it (`sent`) or refused it (`refused`, a send
 * that threw included).
 */
export function sendByBeacon(
  entries: OwnEvent[],
  send: (batch: ShopEvent[], options: { beacon: true }) => Promise<void | DeliveryReceipt>,
  on: { sent(entries: OwnEvent[]): void; refused(entries: OwnEvent[]): void },
  maxBytes?: number,
): void {
  for (const e of entries) e.state = 'beaconing';
  const byId = new Map(entries.map((e) => [e.record.event.event_id, e]));
  for (const chunk of chunkByBytes(
    entries.map((e) => e.record.event),
    maxBytes,
  )) {
    const taken = chunk.map((e) => byId.get(e.event_id)!);
    let sent: Promise<void | DeliveryReceipt>;
    try {
      sent = send(chunk, { beacon: true });
    } catch (error) {
      sent = Promise.reject(error);
    }
    sent.then(
      () => on.sent(taken),
      () => on.refused(taken),
    );
  }
}
