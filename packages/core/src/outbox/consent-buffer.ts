import type { QueueRecord } from './queue-store.ts';

/** Events held in memory while consent is pending (see {@link createConsentBuffer}). */
export interface ConsentBuffer {
  /** Holds an event; past the limit, the oldest goes. */
  hold(record: QueueRecord): void;
  /** Hands over what is held (consent granted), or drops it (denied, cleared), and holds nothing after. */
  take(): QueueRecord[];
  readonly size: number;
}

/** Holds at most `max` events, newest kept, until consent is given or refused: nothing is written meanwhile. */
export function createConsentBuffer(max: number): ConsentBuffer {
  let held: QueueRecord[] = [];
  return {
    hold(record) {
      held.push(record);
      if (held.length > max) held.splice(0, held.length - max);
    },
    take: () => held.splice(0),
    get size() {
      return held.length;
    },
  };
}
