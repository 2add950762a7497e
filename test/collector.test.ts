// The reference collector, exercised through the REST adapter over real HTTP on loopback.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DeliveryError, restAdapter, type ShopEvent } from '@shopscene/core';
// @ts-expect-error: plain ESM server shared with merchants
import { startCollector } from '../collector/server.mjs';

interface Collector {
  url: string;
  stats(): { unique: number; duplicates: number; requests: number; preflights: number; statuses: number[] };
  failNext(times: number, fault: 'blackhole' | { status: number; retryAfter?: number }): void;
  close(): Promise<void>;
}
let collector: Collector;
beforeAll(async () => {
  collector = (await startCollector({ maxBytes: 64 * 1024 })) as Collector;
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
