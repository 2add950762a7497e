import * as messages from '../messages.ts';
import { capProfile, PROFILE_MAX_BYTES } from '../profile/cap-profile.ts';
import { createProfile } from '../profile/create-profile.ts';
import { migrateProfile } from '../profile/migrate-profile.ts';
import { createMemoryProfileStore, openProfileStore, type ProfileStore } from '../profile/profile-store.ts';
import { PROFILE_VERSION, type Profile, type ProfileOptions } from '../profile/profile-types.ts';
import { deleteDatabase } from '../util/delete-database.ts';
import { createReadable, type Readable } from '../util/readable.ts';
import { warnOnce } from '../util/warn.ts';
import type { Consent } from './initial-consent.ts';

/** A change to the profile: a pure function of the profile it applies to. */
export type ProfileChange = (profile: Profile) => Profile;

/** Where and how the profile is kept; the tracker's options of the same names. */
export interface ProfileKeeperOptions {
  /** A store to use, or `'memory'`; by default IndexedDB with a memory fallback. */
  storage?: ProfileStore | 'memory';
  /** IndexedDB database name (and BroadcastChannel name between tabs). @default 'shopscene' */
  dbName?: string;
  /** Most events kept in memory while consent is pending (the oldest go first). @default 500 */
  consentBuffer?: number;
  /** The clock; tests pass their own. @default Date.now */
  now?: () => number;
  /** Decay and size limits of the profile. */
  profile?: ProfileOptions & { maxBytes?: number };
  /** Read the stored profile but never write or erase it (previews). @default false */
  readOnly?: boolean;
}

/** The shopper's profile, in memory and in storage: see {@link createProfileKeeper}. */
export interface ProfileKeeper {
  /** The profile as subscribers see it: published once per microtask, so a burst wakes them once. */
  readonly profile: Readable<Profile>;
  /** The up-to-date profile, with every change made so far. */
  current(): Profile;
  /** Makes a change now in memory and soon in storage; one that throws is reported and dropped. */
  change(fn: ProfileChange): void;
  /** Reads the stored profile (once consent is given) and from then on shares it with other tabs. */
  connect(): Promise<void>;
  /** Writes the changes made so far, after any write under way. */
  flush(): Promise<void>;
  /** Erases the profile in memory, in storage and in the other tabs; `denied` tells them to stop, too. */
  forget(denied?: boolean): Promise<void>;
  storageKind(): 'indexeddb' | 'memory';
}

/** Applies one pending change; one that throws is skipped, so it cannot block every later write. */
const applySafely = (profile: Profile, change: ProfileChange): Profile => {
  try {
    return change(profile);
  } catch {
    return profile;
  }
};

/**
 * Keeps the profile: the stored one (brought up to date and repaired when read) with the changes made
 * since on top. Changes are written in few transactions (a burst costs two), only while `consent()`
 * is `granted`; until then they wait in memory, the oldest folded into the base beyond the
 * `consentBuffer`. Tabs of one store share it through the store's atomic read-modify-write and a
 * BroadcastChannel (`changed`, `forget`, `denied`, the last calling `onDenied`).
 */
export function createProfileKeeper(options: ProfileKeeperOptions, consent: () => Consent, onDenied: () => void): ProfileKeeper {
  const now = options.now ?? Date.now;
  const dbName = options.dbName ?? 'shopscene';
  const maxBytes = options.profile?.maxBytes ?? PROFILE_MAX_BYTES;
  const buffer = options.consentBuffer ?? 500;
  const writable = () => consent() === 'granted' && !options.readOnly;

  /** The profile as last read from or written to storage, and the changes made since. */
  let base = createProfile({ createdAt: now() });
  let pending: ProfileChange[] = [];
  const { readable: profile, set: setProfile } = createReadable<Profile>(base);
  let store: ProfileStore = createMemoryProfileStore();
  /** Between tabs of the store; null while the page is hidden away (pagehide to pageshow). */
  let channel: BroadcastChannel | undefined | null;
  let writing: Promise<void> = Promise.resolve();

  let current = base;
  let publishing = false;
  const publish = () => {
    if (publishing) return;
    publishing = true;
    queueMicrotask(() => {
      publishing = false;
      setProfile(current);
    });
  };
  const rebuild = () => {
    current = pending.reduce(applySafely, base);
    publish();
  };
  const fresh = () => {
    base = createProfile({ createdAt: now() });
    pending = [];
    rebuild();
  };
  /** The stored profile brought up to date; with nothing stored, the one we have (and its anonymous id). */
  const load = (stored: unknown): Profile => {
    if (stored === undefined) return base;
    const loaded = migrateProfile(stored, now());
    if (loaded.status === 'replaced') warnOnce(messages.storedProfileReplaced(loaded.reason));
    if (loaded.status === 'migrated') warnOnce(messages.storedProfileMigrated(loaded.from, PROFILE_VERSION));
    if ('dropped' in loaded && loaded.dropped.length) warnOnce(messages.storedProfileRepaired(loaded.dropped));
    return loaded.profile;
  };
  /** Reads the stored profile again as the base (kept as it was when the read fails), our changes on top. */
  const reload = () => store.load().then((stored) => void (base = load(stored)), () => {}).then(rebuild);

  const write = async () => {
    if (!writable() || !pending.length) return;
    // A copy: changes made while this write is under way belong to the next one.
    const batch = pending.slice();
    try {
      base = await store.apply((stored) => capProfile(batch.reduce(applySafely, load(stored)), maxBytes));
      pending = pending.slice(batch.length);
      rebuild();
      channel?.postMessage('changed');
    } catch {
      // The store warned; the changes stay pending and go with the next write.
    }
  };
  let queued = false;
  const schedule = () => {
    if (!writable() || queued) return;
    // Written as soon as the store is free (a shopper may leave any moment); changes made while a
    // write is under way are gathered into the one queued after it, so a burst costs two transactions.
    queued = true;
    writing = writing.then(() => {
      queued = false;
      return write();
    });
  };

  const openChannel = () => {
    channel = new BroadcastChannel(`${dbName}.profile`);
    channel.onmessage = (message) => {
      // Refused in another tab: refused here too (that tab erased what is stored).
      if (message.data === 'denied') onDenied();
      if (message.data === 'forget' || message.data === 'denied') return fresh();
      // Another tab wrote: take its result as our base and keep our own unwritten changes on top.
      void reload();
    };
  };
  // A page in the back/forward cache must not hold a channel (a message would evict it): closed on
  // pagehide, reopened on pageshow, with the profile read again in case another tab wrote meanwhile.
  if (typeof addEventListener === 'function' && !options.readOnly) {
    // Capture: before the page's own pagehide listeners (which may flush), the channel is closed.
    addEventListener('pagehide', () => {
      channel?.close();
      if (channel) channel = null;
    }, true);
    addEventListener('pageshow', () => {
      if (channel !== null) return;
      openChannel();
      void reload();
    });
  }

  return {
    profile,
    current: () => current,
    change(fn) {
      // A change that cannot be made (a bug of ours on strange data) is dropped here, never stored.
      let next: Profile;
      try {
        next = fn(current);
      } catch (error) {
        return warnOnce(messages.callbackFailed('updating the profile', messages.describeError(error)));
      }
      pending.push(fn);
      // While nothing may be stored, changes wait in memory, within a bound.
      if (consent() !== 'granted' && pending.length > buffer) {
        base = pending.splice(0, pending.length - buffer).reduce(applySafely, base);
      }
      current = next;
      publish();
      schedule();
    },
    async connect() {
      // The stored profile is the base, read once (opening the database reads it).
      let stored: unknown;
      if (options.storage === 'memory') store = createMemoryProfileStore();
      else if (options.storage) stored = await (store = options.storage).load().catch(() => undefined);
      else ({ store, stored } = await openProfileStore({ dbName }));
      base = load(stored);
      rebuild();
      if (store.kind === 'indexeddb' && typeof BroadcastChannel === 'function') openChannel();
      if (pending.length) schedule();
    },
    flush: () => (writing = writing.then(write)),
    async forget(denied) {
      await writing.catch(() => {});
      fresh();
      if (options.readOnly) return;
      channel?.postMessage('forget');
      // Never connected (consent was not given on this page): what earlier pages stored is erased all the same.
      await (store.kind === 'indexeddb' || options.storage ? store.clear().catch(() => {}) : deleteDatabase(dbName));
      // Other tabs of this store stop too (they would otherwise write it all back).
      if (denied && typeof BroadcastChannel === 'function') {
        const tabs = channel ?? new BroadcastChannel(`${dbName}.profile`);
        tabs.postMessage('denied');
        if (tabs !== channel) tabs.close();
      }
    },
    storageKind: () => store.kind,
  };
}
