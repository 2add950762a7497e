import { checkArray, checkFields, epoch, isObject, text, type Rule } from '../util/check.ts';
import type { Issue, Result } from '../util/issues.ts';
import { has } from '../util/own.ts';
import { EVENT_RULES, ITEM_EVENTS, ITEM_RULES, type EventInput, type EventItem, type EventPage, type ShopEvent } from './event-schema.ts';

/** A valid event input, with the names of unknown fields that were dropped from it. */
export interface ValidEvent {
  event: EventInput;
  unknownFields: string[];
}

/** Most items one event may name. */
const MAX_ITEMS = 200;

/**
 * Checks what a caller passed to `track()`. Never throws: a bad call gives issues naming each path,
 * e.g. `items[0].price: Invalid input: expected number, received string "cheap"`. GA4's numeric
 * `item_id` and numeric strings (`"9.99"`) are accepted and converted, as GA4 does.
 */
export function validateEvent(input: unknown): Result<ValidEvent> {
  try {
    return check(input);
  } catch (error) {
    // A getter that throws, a proxy: the caller hears of it as an issue.
    return { ok: false, issues: [{ path: '(root)', message: `could not be read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}

function check(input: unknown): Result<ValidEvent> {
  if (!isObject(input)) {
    return { ok: false, issues: [{ path: '(root)', message: 'an event must be an object such as { name: "view_item", items: [...] }' }] };
  }
  const issues: Issue[] = [];
  const unknownFields: string[] = [];
  const { items: rawItems, ...fields } = Object.fromEntries(Object.keys(input).map((k) => [k, (input as Record<string, unknown>)[k]]));
  const event = checkFields<EventInput>(fields, EVENT_RULES, '', issues, unknownFields);
  if (!has(event, 'name') && !issues.some((i) => i.path === 'name')) issues.push({ path: 'name', message: 'required (string)' });
  if (rawItems !== undefined) {
    const items = checkArray<EventItem>(rawItems, 'items', MAX_ITEMS, issues, (entry, path) => {
      if (!isObject(entry)) return void issues.push({ path, message: `Invalid input: expected object, received ${entry === null ? 'null' : typeof entry}` });
      const before = issues.length;
      const item = checkFields<EventItem>(entry, ITEM_RULES, path, issues);
      if (item.item_id === undefined && issues.length === before) issues.push({ path: `${path}.item_id`, message: 'required (string)' });
      return item;
    });
    if (items) event.items = items;
  }
  if (issues.length) return { ok: false, issues };
  if (ITEM_EVENTS.has(event.name) && !event.items?.length) {
    issues.push({ path: 'items', message: `${event.name} needs at least one item, e.g. items: [{ item_id: "sku-1" }]` });
  }
  if (event.name === 'search' && !event.search_term) issues.push({ path: 'search_term', message: 'search needs the search_term' });
  if ((event.name === 'purchase' || event.name === 'refund') && !event.transaction_id) {
    issues.push({ path: 'transaction_id', message: `${event.name} needs the transaction_id (the order id)` });
  }
  return issues.length ? { ok: false, issues } : { ok: true, value: { event, unknownFields } };
}

/** What the SDK adds to each event (ids, client time, the page): checked by a backend receiving events. */
const STAMP_RULES: Record<'event_id' | 'time' | 'anonymous_id' | 'session_id', Rule> = { event_id: text(200), time: epoch, anonymous_id: text(200), session_id: text(200) };
/** The page fields, each cut to 2,000 characters by the checks (the SDK sends at most 1,000). */
const PAGE_RULES: Record<keyof EventPage, Rule> = { url: text(2000), path: text(2000), title: (v) => (v === '' ? { ok: true, value: '' } : text(2000)(v)), referrer: (v) => (v === '' ? { ok: true, value: '' } : text(2000)(v)) };

/**
 * Checks an event as the SDK sends it to a backend (`POST /v1/events`): everything {@link validateEvent}
 * checks, and the fields the SDK adds — `event_id`, `time`, `anonymous_id`, `session_id`, `page`. The
 * one definition the SDK and the shopscene server share. Never throws.
 */
export function validateShopEvent(input: unknown): Result<{ event: ShopEvent; unknownFields: string[] }> {
  if (!isObject(input)) return { ok: false, issues: [{ path: '(root)', message: 'an event must be an object' }] };
  const fields = input as Record<string, unknown>;
  const issues: Issue[] = [];
  const stamp = checkFields<Pick<ShopEvent, 'event_id' | 'time' | 'anonymous_id' | 'session_id'>>(
    Object.fromEntries(Object.keys(STAMP_RULES).filter((k) => has(fields, k)).map((k) => [k, fields[k]])),
    STAMP_RULES,
    '',
    issues,
  );
  for (const key of Object.keys(STAMP_RULES)) if (!has(fields, key) && !issues.some((i) => i.path === key)) issues.push({ path: key, message: 'required' });
  let page: EventPage | undefined;
  if (fields.page !== undefined) {
    if (!isObject(fields.page)) issues.push({ path: 'page', message: 'must be an object { url, path, title, referrer }' });
    else page = checkFields<EventPage>(fields.page, PAGE_RULES, 'page', issues);
  }
  const rest = Object.fromEntries(Object.keys(fields).filter((k) => !has(STAMP_RULES, k) && k !== 'page').map((k) => [k, fields[k]]));
  const checked = validateEvent({ ...rest, time: stamp.time ?? Date.now() });
  if (!checked.ok) issues.push(...checked.issues.filter((i) => i.path !== 'time'));
  if (issues.length || !checked.ok) return { ok: false, issues };
  return { ok: true, value: { event: { ...checked.value.event, ...stamp, ...(page ? { page } : {}) }, unknownFields: checked.value.unknownFields } };
}
