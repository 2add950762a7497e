// The part for `data-api`: the outbox that delivers events to the backend. Loaded on every page with
// `data-api` (widgets or not), and on no other.
import { createOutbox, restEvents, type DeliveryFailure, type Outbox } from '@shopscene/core';

/** The outbox for the backend at `baseUrl` (with the store's write key, when it has one). */
export function createRestOutbox(backend: { baseUrl: string; key?: string }, options: { onFailure: (failure: DeliveryFailure) => void; consent?: Parameters<Outbox['setConsent']>[0]; leaving?: () => boolean }): Outbox {
  return createOutbox({ send: restEvents(backend).sendEvents, ...options });
}
