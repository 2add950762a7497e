import { linkReferral } from './share-link.ts';
import { cleanUrl, DROPPED_PARAMS, MAX_URL_LENGTH } from './clean-url.ts';
import type { EventItem, ShopEvent } from '../events/event-schema.ts';
import { validateEvent } from '../events/validate-event.ts';
import * as messages from '../messages.ts';
import { describeError } from '../messages.ts';
import { capProfile, PROFILE_MAX_BYTES } from '../profile/cap-profile.ts';
import { createProfile } from '../profile/create-profile.ts';
import { migrateProfile } from '../profile/migrate-profile.ts';
import { createMemoryProfileStore, openProfileStore, type ProfileStore } from '../profile/profile-store.ts';
import { PROFILE_VERSION, type Profile, type ProfileOptions } from '../profile/profile-types.ts';
import { brandsNamedIn, reduceProfile } from '../profile/reduce-profile.ts';
import { itemCategories } from '../events/item-categories.ts';
import { parseTraits } from '../profile/traits.ts';
import { stageChanges, type AiplWindows } from '../segments/aipl.ts';
import { randomId } from '../util/ids.ts';
import { createSlicedWork } from '../util/sliced-work.ts';
import { issuesToText, type Issue } from '../util/issues.ts';
import { warnOnce } from '../util/warn.ts';
import { deleteDatabase } from '../util/delete-database.ts';
import { createReadable, type Readable } from '../util/readable.ts';
import type { Outbox } from '../outbox/create-outbox.ts';
import { toJson } from '../util/to-json.ts';

/** Whether the shopper agreed to be remembered: until `granted`, nothing is stored and nothing is sent. */
export type Consent = 'pending' | 'granted' | 'denied';

/** What `track()` resolves to: the event as recorded, or the issues that stopped it. */
export type TrackResult = { ok: true; event: ShopEvent } | { ok: false; issues: Issue[] };

/** What `identify()` resolves to: all traits now known and any that were refused, or only issues. */
export type IdentifyResult = { ok: true; traits: Profile['traits']; issues: Issue[] } | { ok: false; issues: Issue[] };

/** Options of {@link createTracker}. */
export interface TrackerOptions {
  /** A store to use, or `'memory'`; by default IndexedDB with a memory fallback. */
  storage?: ProfileStore | 'memory';
  /** IndexedDB database name (and BroadcastChannel name between tabs). @default 'shopscene' */
  dbName?: string;
  /** @default 'granted', or 'denied' when the browser sends Global Privacy Control */
  consent?: Consent;
  /** Treat Global Privacy Control (`navigator.globalPrivacyControl`) as a refusal. @default true */
  respectGpc?: boolean;
  /** Most events kept in memory while consent is pending (the oldest go first). @default 500 */
  consentBuffer?: number;
  /** The clock; tests pass their own. @default Date.now */
  now?: () => number;
  /** Decay and size limits of the profile. */
  profile?: ProfileOptions & { maxBytes?: number };
  /** AIPL windows, for `stage_change` events. */
  aipl?: Partial<AiplWindows>;
  /** Read the stored profile but never write or erase it (previews). @default false */
  readOnly?: boolean;
  /** Fills in what markup left out of an item (name, brand, category), e.g. from a known catalog. */
  enrichItem?: (item: EventItem) => EventItem;
  /** Where tracked events go to be delivered; `track()` resolves once the event is queued there. */
  outbox?: Outbox;
  /**
   * Query parameters to leave out of the page URL and referrer of every event, on top of
   * {@link DROPPED_PARAMS} (`token`, `password`, `email`, …); e-mail addresses are redacted and URLs cut
   * to {@link MAX_URL_LENGTH} characters in any case. The script tag's `data-drop-params="a,b"`.
   */
  dropParams?: string[];
}

/** Records events into the shopper profile: the part of the SDK a tracker-only page needs. */
export interface Tracker {
  /**
   * The current profile; updates after every event (once per burst). A read-only signal's shape.
   * Until `ready` it is a newcomer's (the stored one is still being read): use `exportProfile()`, which
   * waits, to learn what is held about the shopper.
   */
  readonly profile: Readable<Profile>;
  /** Resolves when the stored profile has been read. */
  readonly ready: Promise<void>;
  track(event: unknown): Promise<TrackResult>;
  identify(traits: unknown): Promise<IdentifyResult>;
  consent(): Consent;
  setConsent(consent: Consent): Promise<void>;
  /** Calls `listener` with each recorded event; returns a function that stops it. */
  onEvent(listener: (event: ShopEvent) => void): () => void;
  /**
   * The profile as plain JSON, for the shopper to read or take away. Resolves once the stored profile
   * has been read and the events tracked before the call are in it: never a stand-in's.
   */
  exportProfile(): Promise<Profile>;
  /** Erases everything of ours: the stored profile (in every tab), the session, the memory copy. */
  forget(): Promise<void>;
  /** Writes anything pending to storage now. */
  flush(): Promise<void>;
  /** Where the profile is kept right now. */
  storageKind(): 'indexeddb' | 'memory';
}

type Change = (profile: Profile) => Profile;

const SESSION_KEY = 'shopscene.session';

/** Applies one pending change; one that throws is skipped, so it cannot block every later write. */
const applySafely = (profile: Profile, change: Change): Profile => {
  try {
    return change(profile);
  } catch {
    return profile;
  }
};
/** A session ends after 30 minutes without an event, as in GA4. */
const SESSION_IDLE_MS = 30 * 60_000;
/** How stale the stored session's last-seen time may get (a tiny share of the idle time). */
const SESSION_SAVE_MS = 10_000;

/** The page as events carry it: what a URL must not carry left out, everything cut to a bounded length. */
function currentPage(drop: ReadonlySet<string>): ShopEvent['page'] {
  if (typeof location === 'undefined' || typeof document === 'undefined') return undefined;
  return { url: cleanUrl(location.href, drop), path: cleanUrl(location.pathname, drop), title: document.title.slice(0, MAX_URL_LENGTH), referrer: cleanUrl(document.referrer, drop) };
}

/** The AIPL keys an event can move: its items' brands and narrowest categories, and brands a search names. */
function touched(event: ShopEvent, profile: Profile): string[] {
  const keys = (event.items ?? []).flatMap((i) => {
    const leaf = itemCategories(i).at(-1);
    return [...(i.item_brand ? [`brand:${i.item_brand}`] : []), ...(leaf ? [`category:${leaf}`] : [])];
  });
  if (event.search_term) keys.push(...brandsNamedIn(event.search_term, profile).map((b) => `brand:${b}`));
  return [...new Set(keys)];
}

function gpcOn(): boolean {
  return typeof navigator !== 'undefined' && (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
}

/** The consent a tracker starts with: the one given, else refused under Global Privacy Control, else granted. */
export function initialConsent(options: Pick<TrackerOptions, 'consent' | 'respectGpc'>): Consent {
  return options.consent ?? (options.respectGpc !== false && gpcOn() ? 'denied' : 'granted');
}

/**
 * Creates the tracker: validates each event (a bad call warns with the path and never throws),
 * stamps it with `event_id`, time, anonymous and session ids and the page, and folds it into the
 * profile. With consent, the profile lives in IndexedDB (memory when unavailable); tabs of one
 * store share it through atomic read-modify-write and a BroadcastChannel.
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
  const now = options.now ?? Date.now;
  const dbName = options.dbName ?? 'shopscene';
  const maxBytes = options.profile?.maxBytes ?? PROFILE_MAX_BYTES;
  const buffer = options.consentBuffer ?? 500;
  let consent: Consent = initialConsent(options);
  const outbox = options.readOnly ? undefined : options.outbox;
  const listeners = new Set<(event: ShopEvent) => void>();
  const drop = new Set([...DROPPED_PARAMS, ...(options.dropParams ?? [])].map((p) => String(p).toLowerCase()));

  /** The profile as last read from or written to storage, and the changes made since. */
  let base = createProfile({ createdAt: now() });
  let pending: Change[] = [];
  const { readable: profile, set: setProfile } = createReadable<Profile>(base);
  let store: ProfileStore = createMemoryProfileStore();
  /** Between tabs of the store; null while the page is hidden away (pagehide to pageshow). */
  let channel: BroadcastChannel | undefined | null;
  let session = { id: randomId(), last: 0 };
  let sessionSaved = { id: '', at: 0 };
  let writing: Promise<void> = Promise.resolve();

  /** The up-to-date profile; the signal is published from it once per microtask, so a burst of events
   * wakes subscribers (widgets, a profile panel) once rather than once per event. */
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
  /** The stored profile brought up to date; with nothing stored, the one we have (and its anonymous id). */
  const load = (stored: unknown): Profile => {
    if (stored === undefined) return base;
    const loaded = migrateProfile(stored, now());
    if (loaded.status === 'replaced') warnOnce(messages.storedProfileReplaced(loaded.reason));
    if (loaded.status === 'migrated') warnOnce(messages.storedProfileMigrated(loaded.from, PROFILE_VERSION));
    if ((loaded.status === 'migrated' || loaded.status === 'current') && loaded.dropped.length) warnOnce(messages.storedProfileRepaired(loaded.dropped));
    return loaded.profile;
  };

  const write = async () => {
    if (consent !== 'granted' || !pending.length || options.readOnly) return;
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
  const flush = () => (writing = writing.then(write));
  let queued = false;
  const schedule = () => {
    if (consent !== 'granted' || options.readOnly || queued) return;
    // Written as soon as the store is free (a shopper may leave any moment); changes made while a
    // write is under way are gathered into the one queued after it, so a burst costs two transactions.
    queued = true;
    writing = writing.then(() => {
      queued = false;
      return write();
    });
  };

  const change = (fn: Change) => {
    // A change that cannot be made (a bug of ours on strange data) is dropped here, never stored.
    let next: Profile;
    try {
      next = fn(current);
    } catch (error) {
      warnOnce(messages.callbackFailed('updating the profile', describeError(error)));
      return;
    }
    pending.push(fn);
    // While nothing may be stored, changes wait in memory, within a bound.
    if (consent !== 'granted' && pending.length > buffer) {
      base = pending.splice(0, pending.length - buffer).reduce(applySafely, base);
    }
    current = next;
    publish();
    schedule();
  };

  // Folding events into the profile is done in short slices, in the order they came, so that a
  // burst of track() calls never makes a long task.
  const { later, drainAll } = createSlicedWork();
  /** Events tracked and not yet folded into the profile. */
  const unhandled = new Set<Promise<unknown>>();

  const emit = (event: ShopEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        warnOnce(messages.callbackFailed('an event listener', String(error)));
      }
    }
  };

  /** Announces AIPL stages that moved as `stage_change` events: those `only` names, or all (decay, on load). */
  const announceStages = (only?: string[]) => {
    if (only && !only.length) return;
    let found: ReturnType<typeof stageChanges>;
    try {
      found = stageChanges(current, now(), options.aipl, only);
    } catch (error) {
      return warnOnce(messages.callbackFailed('computing AIPL stages', describeError(error)));
    }
    const { changes, stages } = found;
    if (!changes.length) return;
    change((p) => ({ ...p, stages }));
    for (const c of changes) {
      void tracker.track({ name: 'stage_change', stage_scope: c.scope, stage_name: c.name, stage_from: c.from, stage_to: c.to });
    }
  };

  const connect = async () => {
    if (options.storage === 'memory') store = createMemoryProfileStore();
    else if (options.storage) store = options.storage;
    else store = (await openProfileStore({ dbName })).store;
    base = load(await store.load().catch(() => undefined));
    rebuild();
    if (store.kind === 'indexeddb' && typeof BroadcastChannel === 'function') openChannel();
    if (pending.length) schedule();
  };
  const openChannel = () => {
    channel = new BroadcastChannel(`${dbName}.profile`);
    channel.onmessage = async (message) => {
      if (message.data === 'denied') {
        // Refused in another tab: refused here too (that tab erased what is stored).
        consent = 'denied';
        void outbox?.setConsent('denied');
      }
      if (message.data === 'forget' || message.data === 'denied') {
        base = createProfile({ createdAt: now() });
        pending = [];
        return void rebuild();
      }
      // Another tab wrote: take its result as our base and keep our own unwritten changes on top.
      base = load(await store.load().catch(() => base));
      rebuild();
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
      void store.load().then((stored) => ((base = load(stored)), rebuild()), () => {});
    });
  }
  const ready = (consent === 'granted' ? connect() : Promise.resolve()).catch(() => {}).then(() => announceStages());
  /** Erasing must work whatever happened before: it never waits on a failure. */
  const settled = () => ready.catch(() => {});

  const sessionId = () => {
    const t = now();
    if (consent === 'granted' && !session.last) {
      try {
        const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as typeof session | null;
        if (saved && typeof saved.id === 'string' && typeof saved.last === 'number' && t - saved.last < SESSION_IDLE_MS) session = saved;
      } catch {}
    }
    if (session.last && t - session.last > SESSION_IDLE_MS) session = { id: randomId(), last: t };
    session.last = t;
    // Stored when the session changes and then every few seconds, not on every event of a burst.
    if (consent === 'granted' && !options.readOnly && (session.id !== sessionSaved.id || t - sessionSaved.at >= SESSION_SAVE_MS)) {
      sessionSaved = { id: session.id, at: t };
      try {
        sessionStorage.setItem(SESSION_KEY, toJson(session));
      } catch {}
    }
    return session.id;
  };

  const erase = async () => {
    // Events already tracked are folded in first, then erased with the rest.
    await later(() => undefined).catch(() => {});
    await writing.catch(() => {});
    pending = [];
    base = createProfile({ createdAt: now() });
    rebuild();
    if (options.readOnly) return;
    channel?.postMessage('forget');
    // Never connected (consent was not given on this page): what earlier pages stored is erased all the same.
    const wipe = store.kind === 'indexeddb' || options.storage ? store.clear().catch(() => {}) : deleteDatabase(dbName);
    await Promise.all([wipe, outbox?.clear()]);
    try {
      sessionStorage.removeItem(SESSION_KEY);
    } catch {}
    session = { id: randomId(), last: 0 };
    sessionSaved = { id: '', at: 0 };
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
        const page = currentPage(drop);
        const event: ShopEvent = {
          // A landing through a shared link: who referred it and the link's campaign (what the caller gave wins).
          ...(page && valid.name === 'page_view' ? linkReferral(location.href) : {}),
          ...valid,
          ...(items ? { items } : {}),
          event_id: randomId(),
          time: Math.min(valid.time ?? now(), now()),
          anonymous_id: '',
          session_id: sessionId(),
          ...(page ? { page } : {}),
        };
        // Stamped synchronously (so order and time are the caller's); reduced once the stored profile,
        // and with it the anonymous id, is in.
        const handled = ready.then(() =>
          later(() => {
            event.anonymous_id = current.anonymousId;
            change((p) => reduceProfile(p, event, event.time, options.profile));
            emit(event);
            if (event.name !== 'stage_change') announceStages(touched(event, current));
            return event;
          }),
        );
        // flush() waits for every event tracked before it to be folded in and heard.
        unhandled.add(handled);
        handled.then(
          () => unhandled.delete(handled),
          () => unhandled.delete(handled),
        );
        return handled
          .then(async (event) => {
            await outbox?.add(event);
            return { ok: true as const, event };
          })
          .catch((error: unknown) => {
            // Never left hanging, never a rejection into the page: the caller learns what went wrong.
            const issues = [{ path: '(root)', message: describeError(error) }];
            warnOnce(messages.trackIgnored(issuesToText(issues)));
            return { ok: false as const, issues };
          });
      } catch (error) {
        const issues = [{ path: '(root)', message: String(error) }];
        warnOnce(messages.trackIgnored(issuesToText(issues)));
        return Promise.resolve({ ok: false as const, issues });
      }
    },
    async identify(input) {
      // Awaited: the script tag loads these checks on demand (embed/src/traits-on-demand.ts).
      const { traits, issues } = await parseTraits(input);
      if (issues.length) warnOnce(messages.identifyIgnored(issuesToText(issues)));
      if (!Object.keys(traits).length) return { ok: false, issues };
      await ready;
      const at = now();
      change((p) => ({ ...p, traits: { ...p.traits, ...traits }, updatedAt: at }));
      return { ok: true, traits: current.traits, issues };
    },
    consent: () => consent,
    async setConsent(next) {
      if (!['pending', 'granted', 'denied'].includes(next)) {
        warnOnce(messages.badConsent(next));
        return;
      }
      const before = consent;
      consent = next;
      const delivery = outbox?.setConsent(next);
      await settled();
      if (next === 'denied') {
        await erase();
        await delivery;
        // Other tabs of this store stop too (they would otherwise write it all back).
        if (!options.readOnly && typeof BroadcastChannel === 'function') {
          const tabs = channel ?? new BroadcastChannel(`${dbName}.profile`);
          tabs.postMessage('denied');
          if (tabs !== channel) tabs.close();
        }
        return;
      }
      // On grant, what was buffered in memory is kept: written on top of anything already stored.
      if (next === 'granted' && before !== 'granted') {
        await connect();
        await flush();
      }
      await delivery;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exportProfile: async () => {
      await settled();
      await Promise.allSettled([...unhandled]);
      return JSON.parse(toJson(current)) as Profile;
    },
    forget: async () => {
      await settled();
      await erase();
    },
    flush: () => {
      // What is in hand is written at once, so a flush from pagehide starts its write before the page
      // is gone; events tracked just before that are still being folded in are written after them.
      drainAll();
      const pending = [...unhandled];
      const now = Promise.all([flush(), outbox?.flush()]);
      const rest = pending.length ? Promise.allSettled(pending).then(() => Promise.all([flush(), outbox?.flush()])) : now;
      return Promise.all([now, rest]).then(() => undefined);
    },
    storageKind: () => store.kind,
  };
  return tracker;
}
