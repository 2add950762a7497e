import type { DeliveryReceipt } from '../adapters/types.ts';
import { toJson } from '../util/to-json.ts';

/** Tombstones kept at most (the newest). */
const KEPT = 2000;

/**
 * What the outbox remembers of beacons in localStorage, written synchronously so that a leaving page's
 * word outlives it (see {@link createBeaconMemory}).
 */
export interface BeaconMemory {
  /** Keys of events a beacon took whose delete from the queue may not have been made: those are done. */
  tombstones(): string[];
  /** Marks events a beacon took. */
  bury(keys: string[]): void;
  /** Forgets tombstones (their events are out of the queue); all of them without `keys`. */
  unbury(keys?: string[]): void;
  /** Whether what a beacon took stays queued and is sent once more by the next page (the backend keeps each event once). */
  readonly resend: boolean;
  /** Takes in what the backend said of itself (a receipt's `dedupes`), and remembers it for the next pages. */
  heard(receipt: void | DeliveryReceipt): void;
}

const read = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const write = (key: string, value: string | null) => {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {}
};

/**
 * The outbox's memory of beacons, in localStorage under `<dbName>.outbox.*`: the tombstones of events
 * a beacon took (a closing page may not finish their delete; whichever page sends next skips and
 * removes them), and whether the backend keeps each event once — `given` (the `resendBeacons` option)
 * when set, else what its last receipt said.
 */
export function createBeaconMemory(dbName: string, given?: boolean): BeaconMemory {
  const tombKey = `${dbName}.outbox.beaconed`;
  const dedupesKey = `${dbName}.outbox.dedupes`;
  const tombstones = (): string[] => {
    try {
      const keys: unknown = JSON.parse(read(tombKey) ?? '[]');
      return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  };
  const keep = (keys: string[]) => write(tombKey, keys.length ? toJson(keys.slice(-KEPT)) : null);
  let resend = given ?? read(dedupesKey) === '1';
  return {
    tombstones,
    bury: (keys) => keep([...tombstones(), ...keys]),
    unbury: (keys) => keep(keys ? tombstones().filter((k) => !keys.includes(k)) : []),
    get resend() {
      return resend;
    },
    heard(receipt) {
      if (given !== undefined || typeof receipt?.dedupes !== 'boolean' || receipt.dedupes === resend) return;
      resend = receipt.dedupes;
      write(dedupesKey, resend ? '1' : '0');
    },
  };
}
