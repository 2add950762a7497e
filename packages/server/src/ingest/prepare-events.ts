import { validateShopEvent, type ShopEvent } from '@shopscene/core';

/** Most events one batch may carry (the SDK sends at most 100, a beacon fewer). */
export const MAX_BATCH_EVENTS = 1000;

/** An event ready to store: its key, its times (the client's, corrected, received) and the event itself. */
export interface StoredEvent {
  event_id: string;
  client_time: number;
  time: number;
  received_at: number;
  name: string;
  anonymous_id: string;
  session_id: string;
  body: ShopEvent;
}

/** An event the batch carried that cannot be stored: where it was, its id if it had one, and why. */
export interface RejectedEvent {
  index: number;
  event_id?: string;
  issues: { path: string; message: string }[];
}

/**
 * When an event happened by the server's clock: the device's `time` moved by the device's error —
 * how far its clock (`sent_at`, stamped as the batch left) was from ours when the batch arrived. Transit
 * time counts as error (milliseconds on a live site); never later than the arrival. Without `sent_at`,
 * the device's time as it is.
 */
export function correctedTime(time: number, sentAt: unknown, receivedAt: number): number {
  const corrected = typeof sentAt === 'number' && Number.isFinite(sentAt) ? time + (receivedAt - sentAt) : time;
  return Math.min(corrected, receivedAt);
}

/**
 * The first string in `value` that PostgreSQL cannot store — one holding a NUL character, or half of a
 * UTF-16 surrogate pair — as the path to it; undefined when there is none.
 */
export function unstorable(value: unknown, path = ''): { path: string; message: string } | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { path: path || '(root)', message: 'contains a NUL character (\\u0000), which cannot be stored' };
    if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) return { path: path || '(root)', message: 'contains half of a surrogate pair (not valid Unicode)' };
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorable(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const found = unstorable(key, path ? `${path}.${key}` : key) ?? unstorable(v, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Reads a batch (`{ events: [...], sent_at }`): each event checked with the SDK's own definition
 * (`validateShopEvent`) and for what PostgreSQL cannot store, its time corrected. Returns the events
 * to store and those refused, each with its issues; or, for what is not a batch at all, the problem.
 */
export function prepareBatch(body: unknown, receivedAt: number): { events: StoredEvent[]; rejected: RejectedEvent[] } | { problem: { path: string; message: string } } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { problem: { path: '(root)', message: 'expected a batch: { "events": [...], "sent_at": <epoch ms> }' } };
  const { events, sent_at: sentAt } = body as { events?: unknown; sent_at?: unknown };
  if (!Array.isArray(events)) return { problem: { path: 'events', message: 'expected an array of events' } };
  if (events.length > MAX_BATCH_EVENTS) return { problem: { path: 'events', message: `${events.length} events; at most ${MAX_BATCH_EVENTS} in one batch` } };
  if (sentAt !== undefined && !(typeof sentAt === 'number' && Number.isFinite(sentAt))) return { problem: { path: 'sent_at', message: 'must be the device time of sending, in epoch ms' } };
  const out: StoredEvent[] = [];
  const rejected: RejectedEvent[] = [];
  events.forEach((raw, index) => {
    const id = raw && typeof raw === 'object' && typeof (raw as { event_id?: unknown }).event_id === 'string' ? { event_id: (raw as { event_id: string }).event_id } : {};
    const checked = validateShopEvent(raw);
    if (!checked.ok) return void rejected.push({ index, ...id, issues: checked.issues.map((i) => ({ path: `events[${index}].${i.path}`, message: i.message })) });
    const event = checked.value.event;
    const bad = unstorable(event);
    if (bad) return void rejected.push({ index, ...id, issues: [{ path: `events[${index}].${bad.path}`, message: bad.message }] });
    out.push({
      event_id: event.event_id,
      client_time: event.time,
      time: correctedTime(event.time, sentAt, receivedAt),
      received_at: receivedAt,
      name: event.name,
      anonymous_id: event.anonymous_id,
      session_id: event.session_id,
      body: event,
    });
  });
  return { events: out, rejected };
}
