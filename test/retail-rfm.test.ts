// Acceptance: replaying the UCI Online Retail purchases of every customer through reduceProfile gives
// the same recency, frequency and monetary value as a plain computation over the CSV.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { createProfile, reduceProfile, rfmSegment, rfmThresholds, type Profile, type ShopEvent } from '@shopscene/core';

/** The shared data set (CC0), beside the repository; SHOPSCENE_RETAIL_CSV points elsewhere. */
const CSV = process.env.SHOPSCENE_RETAIL_CSV ?? fileURLToPath(new URL('../../shared/data/retail/online-retail.csv.gz', import.meta.url));
const DAY = 86_400_000;
/** The day after the last invoice: "now" for recency. */
const NOW = Date.UTC(2011, 11, 10);
/** The data covers 374 days; a window that holds all of it, as the plain computation counts all. */
const WINDOW_DAYS = 400;

interface Line {
  invoice: string;
  stockCode: string;
  quantity: number;
  time: number;
  unitPrice: number;
  customer: string;
}

/** A small CSV reader: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

function readLines(): Line[] {
  const [header, ...rows] = parseCsv(gunzipSync(readFileSync(CSV)).toString('utf8'));
  expect(header).toEqual(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']);
  return rows
    .map(([invoice, stockCode, , quantity, date, unitPrice, customer]) => ({
      invoice: invoice!,
      stockCode: stockCode!,
      quantity: Number(quantity),
      time: Date.parse(`${date!.replace(' ', 'T')}Z`),
      unitPrice: Number(unitPrice),
      customer: customer!,
    }))
    .filter((l) => l.customer !== '' && l.quantity > 0);
}

test.skipIf(!existsSync(CSV))('RFM from replayed purchases equals a plain computation for every UCI Online Retail customer', () => {
  const lines = readLines();
  const byCustomer = new Map<string, Line[]>();
  for (const line of lines) byCustomer.set(line.customer, [...(byCustomer.get(line.customer) ?? []), line]);
  expect(lines.length).toBe(397_924);
  expect(byCustomer.size).toBe(4_339);

  const results: { customer: string; recencyDays: number; frequency: number; monetary: number; profile: Profile }[] = [];
  let mismatches = 0;
  for (const [customer, own] of byCustomer) {
    // The plain computation.
    const expected = {
      recencyDays: (NOW - Math.max(...own.map((l) => l.time))) / DAY,
      frequency: new Set(own.map((l) => l.invoice)).size,
      monetary: own.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0),
    };
    // The SDK: one purchase event per invoice, in time order, through the pure reducer.
    const invoices = new Map<string, Line[]>();
    for (const l of own) invoices.set(l.invoice, [...(invoices.get(l.invoice) ?? []), l]);
    let profile = createProfile({ createdAt: own[0]!.time });
    // An invoice is one order; a few of its lines carry the next minute, so the order's time is its last line's.
    const orderTime = (items: Line[]) => Math.max(...items.map((l) => l.time));
    for (const [invoice, items] of [...invoices].sort((a, b) => orderTime(a[1]) - orderTime(b[1]))) {
      const event: ShopEvent = {
        name: 'purchase',
        transaction_id: invoice,
        currency: 'GBP',
        value: items.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0),
        items: items.map((l) => ({ item_id: l.stockCode, price: l.unitPrice, quantity: l.quantity })),
        event_id: `${invoice}`,
        time: orderTime(items),
        anonymous_id: customer,
        session_id: invoice,
      };
      profile = reduceProfile(profile, event, event.time);
    }
    const got = rfmSegment(profile, { windowDays: WINDOW_DAYS }, NOW);
    const same =
      got.recencyDays === expected.recencyDays &&
      got.frequency === expected.frequency &&
      Math.abs(got.monetary - expected.monetary) < 0.005;
    if (!same) {
      mismatches++;
      if (mismatches <= 3) console.log('mismatch', customer, expected, got);
    }
    results.push({ customer, ...expected, profile });
  }
  expect(mismatches).toBe(0);

  const count = (segments: string[]) => segments.reduce<Record<string, number>>((acc, s) => ((acc[s] = (acc[s] ?? 0) + 1), acc), {});
  const byDefault = count(results.map((r) => rfmSegment(r.profile, { windowDays: WINDOW_DAYS }, NOW).segment));
  const thresholds = rfmThresholds(results);
  const byQuintiles = count(results.map((r) => rfmSegment(r.profile, { windowDays: WINDOW_DAYS, thresholds }, NOW).segment));
  console.log(`RFM segments of ${results.length} customers, default cut-points:`, byDefault);
  console.log('with cut-points from this population', thresholds, byQuintiles);
  expect(Object.values(byDefault).reduce((a, b) => a + b, 0)).toBe(4_339);
}, 120_000);
