import { issueMessage } from '../util/issue-message.ts';
import { signal, type ReadonlySignal } from '@preact/signals-core';
import * as z from 'zod/mini';
import type { EventItem, ShopEvent } from '../events/event-schema.ts';
import { validateEvent } from '../events/validate-event.ts';
import { messages } from '../messages.ts';
import { createProfile, isProfile } from '../profile/create-profile.ts';
import { createMemoryProfileStore, openProfileStore, type ProfileStore } from '../profile/profile-store.ts';
import type { Profile, ProfileOptions } from '../profile/profile-types.ts';
import { reduceProfile } from '../profile/reduce-profile.ts';
import { randomId } from '../util/ids.ts';
import { issuesToText, toIssues, type Issue } from '../util/issues.ts';
import { warnOnce } from '../util/warn.ts';

/** Whether the shopper agreed to be remembered: while not granted, nothing is stored. */
export type Consent = 'pending' | 'granted' | 'denied';

/** What `track()` resolves to: the event as recorded, or the issues that stopped it. */
export type TrackResult = { ok: true; event: ShopEvent } | { ok: false; issues: Issue[] };

/** What `identify()` resolves to: all traits now known, or the issues that stopped it. */
export type IdentifyResult = { ok: true; traits: Profile['traits'] } | { ok: false; issues: Issue[] };

/** Options of {@link createTracker}. */
export interface TrackerOptions {
  /** A store to use, or `'memory'`; by default IndexedDB with a memory fallback. */
  storage?: ProfileStore | 'memory';
  /** IndexedDB database name. @default 'shopscene' */
  dbName?: string;
  /** @default 'granted' */
  consent?: Consent;
  /** The clock; tests pass their own. @default Date.now */
  now?: () => number;
  /** Decay and size limits of the profile. */
  profile?: ProfileOptions;
  /** Fills in what markup left out of an item (name, brand, category), e.g. from a known catalog. */
  enrichItem?: (item: EventItem) => EventItem;
}

/** Records events into the shopper profile: the part of the SDK a tracker-only page needs. */
export interface Tracker {
  /** The current profile; updates after every event. */
  readonly profile: ReadonlySignal<Profile>;
  /** Resolves when the stored profile has been read. */
  readonly ready: Promise<void>;
  track(event: unknown): Promise<TrackResult>;
  identify(traits: unknown): Promise<IdentifyResult>;
  setConsent(consent: Consent): Promise<void>;
  /** Calls `listener` with each recorded event; returns a function that stops it. */
  onEvent(listener: (event: ShopEvent) => void): () => void;
  exportProfile(): Profile;
  forget(): Promise<void>;
  /** Writes anything pending to storage now. */
  flush(): Promise<void>;
  /** Where the profile is kept right now. */
  storageKind(): 'indexeddb' | 'memory';
}

const traitsSchema = z.record(
  z.string().check(z.regex(/^[A-Za-z][\w.:-]{0,63}$/, 'trait names are letters, digits, _ . : - (up to 64)')),
  z.union([z.string().check(z.maxLength(200)), z.number(), z.boolean()]),
);

/** Most events kept for replay while consent is pending. */
const MAX_UNSAVED = 1000;
const SESSION_KEY = 'shopscene.session';
/** A session ends after 30 minutes without an event, as in GA4. */
const SESSION_IDLE_MS = 30 * 60_000;

function currentPage(): ShopEvent['page'] {
  if (typeof location === 'undefined' || typeof document === 'undefined') return undefined;
  return { url: location.href, path: location.pathname, title: document.title, referrer: document.referrer };
}

/**
 * Creates the tracker: validates each event (a bad call warns with the path and never throws),
 * stamps it with `event_id`, time, anonymous and session ids and the page, and folds it into the
 * profile, which is kept in IndexedDB (memory when unavailable or before consent).
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
  const now = options.now ?? Date.now;
  let consent: Consent = options.consent ?? 'granted';
  const profile = signal<Profile>(createProfile({ createdAt: now() }));
  const listeners = new Set<(event: ShopEvent) => void>();
  let store: ProfileStore = createMemoryProfileStore();
  let session = { id: randomId(), last: 0 };
  /** Events recorded while nothing may be stored; replayed onto the stored profile on consent. */
  const unsaved: ShopEvent[] = [];

  const open = async (): Promise<ProfileStore> => {
    if (options.storage === 'memory') return createMemoryProfileStore();
    if (options.storage) return options.storage;
    const opened = await openProfileStore(options.dbName ? { dbName: options.dbName } : {});
    return opened.store;
  };
  const adopt = async (next: ProfileStore) => {
    store = next;
    const stored = await store.load().catch(() => undefined);
    if (stored === undefined) return store.save(profile.value);
    if (isProfile(stored)) {
      profile.value = unsaved.reduce((p, e) => reduceProfile(p, e, e.time, options.profile), stored);
      unsaved.length = 0;
    } else {
      warnOnce(messages.storedProfileReplaced('unknown shape or version'));
    }
    store.save(profile.value);
  };
  const ready = (consent === 'granted' ? open().then(adopt) : Promise.resolve())
    .catch(() => {});

  const sessionId = () => {
    const t = now();
    if (consent === 'granted' && !session.last) {
      try {
        const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as typeof session | null;
        if (saved && typeof saved.id === 'string' && t - saved.last < SESSION_IDLE_MS) session = saved;
      } catch {}
    }
    if (session.last && t - session.last > SESSION_IDLE_MS) session = { id: randomId(), last: t };
    session.last = t;
    if (consent === 'granted') {
      try {
        sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
      } catch {}
    }
    return session.id;
  };

  const record = (event: ShopEvent) => {
    profile.value = reduceProfile(profile.value, event, event.time, options.profile);
    if (consent === 'granted') store.save(profile.value);
    else if (unsaved.length < MAX_UNSAVED) unsaved.push(event);
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        warnOnce(messages.callbackFailed('an event listener', String(error)));
      }
    }
  };

  const tracker: Tracker = {
    profile,
    ready,
    track(input) {
      try {
        const result = validateEvent(input);
        if (!result.ok) {
          warnOnce(messages.trackIgnored(issuesToText(result.issues)));
          return Promise.resolve(result);
        }
        const { event: valid, unknownFields } = result.value;
        if (unknownFields.length) warnOnce(messages.trackUnknownFields(valid.name, unknownFields));
        const items = valid.items && options.enrichItem ? valid.items.map(options.enrichItem) : valid.items;
        const page = currentPage();
        const event: ShopEvent = {
          ...valid,
          ...(items ? { items } : {}),
          event_id: randomId(),
          time: now(),
          anonymous_id: '',
          session_id: sessionId(),
          ...(page ? { page } : {}),
        };
        // Stamped synchronously (so order and time are the caller's); reduced once the stored profile,
        // and with it the anonymous id, is in.
        return ready.then(() => {
          event.anonymous_id = profile.value.anonymousId;
          record(event);
          return { ok: true as const, event };
        });
      } catch (error) {
        const issues = [{ path: '(root)', message: String(error) }];
        warnOnce(messages.trackIgnored(issuesToText(issues)));
        return Promise.resolve({ ok: false as const, issues });
      }
    },
    identify(traits) {
      const parsed = traitsSchema.safeParse(traits, { error: issueMessage });
      if (!parsed.success) {
        const issues = toIssues(parsed.error.issues);
        warnOnce(messages.identifyIgnored(issuesToText(issues)));
        return Promise.resolve({ ok: false as const, issues });
      }
      return ready.then(() => {
        profile.value = { ...profile.value, traits: { ...profile.value.traits, ...parsed.data }, updatedAt: now() };
        if (consent === 'granted') store.save(profile.value);
        return { ok: true as const, traits: profile.value.traits };
      });
    },
    async setConsent(next) {
      const before = consent;
      consent = next;
      await ready;
      if (next === 'granted' && before !== 'granted') await adopt(await open());
      if (next === 'denied') await tracker.forget();
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exportProfile: () => structuredClone(profile.value),
    async forget() {
      await ready;
      await store.clear().catch(() => {});
      try {
        sessionStorage.removeItem(SESSION_KEY);
      } catch {}
      session = { id: randomId(), last: 0 };
      profile.value = createProfile({ createdAt: now() });
    },
    flush: () => (consent === 'granted' ? store.flush() : Promise.resolve()),
    storageKind: () => store.kind,
  };
  return tracker;
}
