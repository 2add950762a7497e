import { randomId } from '../util/ids.ts';
import { toJson } from '../util/to-json.ts';

const SESSION_KEY = 'shopscene.session';
/** A session ends after 30 minutes without an event, as in GA4. */
export const SESSION_IDLE_MS = 30 * 60_000;
/** How stale the stored session's last-seen time may get (a tiny share of the idle time). */
export const SESSION_SAVE_MS = 10_000;

/**
 * The shopper's session, kept in `sessionStorage` so it spans the pages of a visit: `next()` is the
 * session id of an event tracked now (a new one after 30 idle minutes), `end()` forgets it.
 * Storage is used only while `granted()` (consent), and only read when `readOnly`.
 */
export function createSession(now: () => number, granted: () => boolean, readOnly?: boolean): readonly [next: () => string, end: () => void] {
  let session = { id: randomId(), last: 0 };
  let saved = { id: '', at: 0 };
  const next = () => {
    const t = now();
    if (granted() && !session.last) {
      try {
        const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as typeof session | null;
        if (stored && typeof stored.id === 'string' && typeof stored.last === 'number' && t - stored.last < SESSION_IDLE_MS) session = stored;
      } catch {}
    }
    if (session.last && t - session.last > SESSION_IDLE_MS) session = { id: randomId(), last: t };
    session.last = t;
    // Stored when the session changes and then every few seconds, not on every event of a burst.
    if (granted() && !readOnly && (session.id !== saved.id || t - saved.at >= SESSION_SAVE_MS)) {
      saved = { id: session.id, at: t };
      try {
        sessionStorage.setItem(SESSION_KEY, toJson(session));
      } catch {}
    }
    return session.id;
  };
  const end = () => {
    try {
      sessionStorage.removeItem(SESSION_KEY);
    } catch {}
    // A new id: the next event stores it.
    session = { id: randomId(), last: 0 };
  };
  return [next, end];
}
