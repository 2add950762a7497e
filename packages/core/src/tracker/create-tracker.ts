import { DROPPED_PARAMS, MAX_URL_LENGTH } from './clean-url.ts';
import type { EventItem, ShopEvent } from '../events/event-schema.ts';
import { validateEvent } from '../events/validate-event.ts';
import * as messages from '../messages.ts';
import { describeError } from '../messages.ts';
import type { Profile } from '../profile/profile-types.ts';
import { reduceProfile } from '../profile/reduce-profile.ts';
import { parseTraits } from '../profile/traits.ts';
import { stageChanges, type AiplWindows } from '../segments/aipl.ts';
import { createSlicedWork } from '../util/sliced-work.ts';
import { issuesToText, type Issue } from '../util/issues.ts';
import { warnOnce } from '../util/warn.ts';
import type { Readable } from '../util/readable.ts';
import type { Outbox } from '../outbox/create-outbox.ts';
import { toJson } from '../util/to-json.ts';
import { initialConsent, type Consent } from './initial-consent.ts';
import { createListeners } from './listeners.ts';
import { createProfileKeeper, type ProfileKeeperOptions } from './profile-keeper.ts';
import { createSession } from './session.ts';
import { stageKeys } from './stage-keys.ts';
import { stampEvent } from './stamp-event.ts';

export { initialConsent, type Consent } from './initial-consent.ts';

/** What `track()` resolves to: the event as recorded, or the issues that stopped it. */
export type TrackResult = { ok: true; event: ShopEvent } | { ok: false; issues: Issue[] };

/** What `identify()` resolves to: all traits now known and any that were refused, or only issues. */
export type IdentifyResult = { ok: true; traits: Profile['traits']; issues: Issue[] } | { ok: false; issues: Issue[] };

/** Options of {@link createTracker}: where the profile is kept ({@link ProfileKeeperOptions}), and these. */
export interface TrackerOptions extends ProfileKeeperOptions {
  /** @default 'granted', or 'denied' when the browser sends Global Privacy Control */
  consent?: Consent;
  /** Treat Global Privacy Control (`navigator.globalPrivacyControl`) as a refusal. @default true */
  respectGpc?: boolean;
  /** AIPL windows, for `stage_change` events. */
  aipl?: Partial<AiplWindows>;
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

/**
 * Creates the tracker: validates each event (a bad call warns with the path and never throws),
 * stamps it (`stamp-event.ts`: `event_id`, time, session, page) and folds it into the profile, which
 * `profile-keeper.ts` keeps in memory and, with consent, in IndexedDB shared between tabs. Here:
 * the intake of events and traits, consent and erase, and the AIPL stages an event moves.
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
  const now = options.now ?? Date.now;
  let consent: Consent = initialConsent(options);
  const outbox = options.readOnly ? undefined : options.outbox;
  const [onEvent, emit] = createListeners<ShopEvent>();
  const drop = new Set([...DROPPED_PARAMS, ...(options.dropParams ?? [])].map((p) => String(p).toLowerCase()));
  // Refused in another tab: refused here too (that tab erased what is stored).
  const keeper = createProfileKeeper(options, () => consent, () => {
    consent = 'denied';
    void outbox?.setConsent('denied');
  });
  const { change, current } = keeper;
  const [sessionId, endSession] = createSession(now, () => consent === 'granted', options.readOnly);

  // Folding events into the profile is done in short slices, in the order they came, so that a
  // burst of track() calls never makes a long task.
  const { later, drainAll } = createSlicedWork();
  /** Events tracked and not yet folded into the profile. */
  const unhandled = new Set<Promise<unknown>>();
  /** What a refused or failed call resolves to, after saying why. */
  const refused = (issues: Issue[]) => {
    warnOnce(messages.trackIgnored(issuesToText(issues)));
    return { ok: false as const, issues };
  };

  /** Announces AIPL stages that moved as `stage_change` events: those `only` names, or all (decay, on load). */
  const announceStages = (only?: string[]) => {
    if (only && !only.length) return;
    let found: ReturnType<typeof stageChanges>;
    try {
      found = stageChanges(current(), now(), options.aipl, only);
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

  const ready = (consent === 'granted' ? keeper.connect() : Promise.resolve()).catch(() => {}).then(() => announceStages());
  /** Erasing must work whatever happened before: it never waits on a failure. */
  const settled = () => ready.catch(() => {});

  const erase = async (denied?: boolean) => {
    // Events already tracked are folded in first, then erased with the rest.
    await later(() => undefined).catch(() => {});
    await Promise.all([keeper.forget(denied), outbox?.clear()]);
    if (!options.readOnly) endSession();
  };

  const tracker: Tracker = {
    profile: keeper.profile,
    ready,
    // Async, yet stamped before its first await: order and time are the caller's.
    async track(input) {
      try {
        const result = validateEvent(input);
        if (!result.ok) return refused(result.issues);
        const { event: valid, unknownFields } = result.value;
        if (unknownFields.length) warnOnce(messages.trackUnknownFields(valid.name, unknownFields));
        const event = stampEvent(valid, now(), sessionId(), drop, options.enrichItem);
        // Folded in once the stored profile, and with it the anonymous id, is in.
        const handled = ready.then(() =>
          later(() => {
            event.anonymous_id = current().anonymousId;
            change((p) => reduceProfile(p, event, event.time, options.profile));
            emit(event);
            if (event.name !== 'stage_change') announceStages(stageKeys(event, current()));
            return event;
          }),
        );
        // flush() waits for every event tracked before it to be folded in and heard.
        unhandled.add(handled);
        handled.then(
          () => unhandled.delete(handled),
          () => unhandled.delete(handled),
        );
        await handled;
        await outbox?.add(event);
        return { ok: true, event };
      } catch (error) {
        // Never left hanging, never a rejection into the page: the caller learns what went wrong.
        return refused([{ path: '(root)', message: describeError(error) }]);
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
      return { ok: true, traits: current().traits, issues };
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
      // Denied: erased here and in the other tabs of this store, which stop too.
      if (next === 'denied') await erase(true);
      // On grant, what was buffered in memory is kept: written on top of anything already stored.
      else if (next === 'granted' && before !== 'granted') {
        await keeper.connect();
        await keeper.flush();
      }
      await delivery;
    },
    onEvent,
    exportProfile: async () => {
      await settled();
      await Promise.allSettled([...unhandled]);
      return JSON.parse(toJson(current())) as Profile;
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
      const now = Promise.all([keeper.flush(), outbox?.flush()]);
      const rest = pending.length ? Promise.allSettled(pending).then(() => Promise.all([keeper.flush(), outbox?.flush()])) : now;
      return Promise.all([now, rest]).then(() => undefined);
    },
    storageKind: keeper.storageKind,
  };
  return tracker;
}
