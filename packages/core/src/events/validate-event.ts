import { issueMessage } from '../util/issue-message.ts';
import { eventInputSchema, ITEM_EVENTS, type EventInput } from './event-schema.ts';
import { toIssues, type Issue, type Result } from '../util/issues.ts';

/** A valid event input, with the names of unknown fields that were dropped from it. */
export interface ValidEvent {
  event: EventInput;
  unknownFields: string[];
}

/**
 * Checks what a caller passed to `track()`. Never throws: a bad call gives issues naming each path,
 * e.g. `items[0].item_id: Invalid input: expected string, received number`.
 */
export function validateEvent(input: unknown): Result<ValidEvent> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ path: '(root)', message: 'an event must be an object such as { name: "view_item", items: [...] }' }] };
  }
  const parsed = eventInputSchema.safeParse(input, { error: issueMessage });
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error.issues) };
  const event = parsed.data;
  const issues: Issue[] = [];
  if (ITEM_EVENTS.has(event.name) && !event.items?.length) {
    issues.push({ path: 'items', message: `${event.name} needs at least one item, e.g. items: [{ item_id: "sku-1" }]` });
  }
  if (event.name === 'search' && !event.search_term) issues.push({ path: 'search_term', message: 'search needs the search_term' });
  if ((event.name === 'purchase' || event.name === 'refund') && !event.transaction_id) {
    issues.push({ path: 'transaction_id', message: `${event.name} needs the transaction_id (the order id)` });
  }
  if (issues.length) return { ok: false, issues };
  const known = new Set(Object.keys(eventInputSchema.shape));
  const unknownFields = Object.keys(input).filter((k) => !known.has(k));
  return { ok: true, value: { event, unknownFields } };
}
