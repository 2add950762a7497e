// What the outbox says on the console: only pages that deliver events load it.
export const outboxInMemory = (reason: string) => `shopscene: IndexedDB is unavailable (${reason}); events waiting to be sent are kept in memory for this page`;
export const outboxWriteFailed = (reason: string) => `shopscene: could not queue events in IndexedDB (${reason}); they are kept in memory and sent from this page`;
export const eventsDropped = (count: number, reason: string, detail: string) => `shopscene: ${count} event${count === 1 ? '' : 's'} dropped (${reason}): ${detail}`;
export const deliveryStalled = (reason: string) => `shopscene: event delivery hit a problem (${reason}); retrying`;
