// The reference collector, exercised through the REST adapter over real HTTP on loopback.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DeliveryError, restAdapter, type ShopEvent } from '@shopscene/core';
import { startCollector, type Collector } from './support/collector.ts';

let collector: Collector;
beforeAll(async () => {
  collector = await startCollector({ maxBytes: 64 * 1024 });
});
afterAll(() => collector?.close());

const events = (n: number, from = 0): ShopEvent[] =>
  Array.from({ length: n }, (_, i) => ({ name: 'page_view', event_id: `e${from + i}`, time: 1, anonymous_id: 'a', session_id: 's' }));

test('the same batch sent three times leaves the unique count unchanged (idempotent by event_id)', async () => {
  const adapter = restAdapter({ baseUrl: collector.url });
  const batch = events(10);
  for (let i = 0; i < 3; i++) await adapter.sendEvents!(batch, { beacon: false });
  expect(collector.stats()).toMatchObject({ unique: 10, duplicates: 20, requests: 3, preflights: 0 });
});

test('statuses reach the sender with Retry-After; a body over the limit is refused with 413', async () => {
  const adapter = restAdapter({ baseUrl: collector.url, timeoutMs: 300 });
  collector.failNext(1, { status: 503, retryAfter: 2 });
  await expect(adapter.sendEvents!(events(1, 100), { beacon: false })).rejects.toMatchObject({ status: 503, retryAfterMs: 2000 });
  const big = events(1, 200).map((e) => ({ ...e, page: { url: 'x'.repeat(70_000), path: '/', title: '', referrer: '' } }));
  await expect(adapter.sendEvents!(big, { beacon: false })).rejects.toMatchObject({ status: 413 });
  collector.failNext(1, 'blackhole');
  const error = await adapter.sendEvents!(events(1, 300), { beacon: false }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DeliveryError);
  expect(error).toMatchObject({ status: 0 });
});

test('can play a dropped connection, and a server that stored the batch but answered 500', async () => {
  const adapter = restAdapter({ baseUrl: collector.url, timeoutMs: 1000 });
  const before = collector.stats();
  collector.failNext(1, 'reset');
  await expect(adapter.sendEvents!(events(1, 400), { beacon: false })).rejects.toMatchObject({ status: 0 });
  collector.failNext(1, { status: 500, accept: true });
  await expect(adapter.sendEvents!(events(2, 500), { beacon: false })).rejects.toMatchObject({ status: 500 });
  const after = collector.stats();
  expect(after.unique - before.unique).toBe(2); // the reset request stored nothing; the 500 stored its two
  expect(after.statuses.slice(-2)).toEqual([0, 500]);
  expect(collector.requests().at(-1)).toMatchObject({ mode: 'cors', contentType: 'text/plain;charset=UTF-8', ids: ['e500', 'e501'] });
});
