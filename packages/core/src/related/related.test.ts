// @vitest-environment node
import { readFileSync } from 'node:fs';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { createRelatedBuilder, RELATED_DEFAULTS } from './build-related.ts';
import { evaluate } from './evaluate.ts';
import { createScorer, sessionsOf } from './sessions.ts';
import { createLogReader, readTime, type LogReaderOptions, type LogRecord } from './log-records.ts';
import { syntheticLog } from '../../../../scripts/synthetic-log.mjs';

const T = Date.UTC(2026, 0, 5, 10);
const min = 60_000;

/** Reads a whole log text, as the command line does line by line. */
function read(text: string, options: LogReaderOptions = {}) {
  const reader = createLogReader(options);
  const records: LogRecord[] = [];
  const problems: string[] = [];
  for (const line of text.split('\n')) {
    const result = reader.read(line);
    if (Array.isArray(result)) records.push(...result);
    else problems.push(`line ${result.line}: ${result.message}`);
    if (!Array.isArray(result) && result.fatal) break;
  }
  return { records, problems };
}

describe('log formats', () => {
  it('reads CSV with a header in any column order, TSV, quotes, and skips returns', () => {
    const csv = 'ts,event_type,item_id,session_id,quantity\n1767607200,view,a,s1,1\n1767607260,add_to_cart,"b, the blue one",s1,2\n1767607320,purchase,c,s1,-1\n';
    expect(read(csv).records).toEqual([
      { session: 's1', item: 'a', time: 1767607200_000, action: 'view' },
      { session: 's1', item: 'b, the blue one', time: 1767607260_000, action: 'cart' },
    ]);
    const tsv = 'visitorid\titemid\ttimestamp\tevent\n7\t42\t1433221332117\taddtocart\n';
    expect(read(tsv).records).toEqual([{ session: '7', item: '42', time: 1433221332117, action: 'cart' }]);
    // Coveo's browsing log: no usual name for the session, the item or the time, but names that say them.
    // Its product_action (detail, add, remove, purchase) says more than its event_type (event_product, pageview).
    const coveo = 'session_id_hash,event_type,product_action,product_sku_hash,server_timestamp_epoch_ms,hashed_url\nab12,event_product,detail,sku9,1550885210881,u1\nab12,pageview,,,1550885212000,u2\nab12,event_product,add,sku9,1550885213000,u1\nab12,event_product,remove,sku9,1550885214000,u1\nab12,event_product,purchase,sku9,1550885215000,u3\n';
    const reader = createLogReader();
    const lines = coveo.split('\n').map((line) => reader.read(line));
    expect(reader.guessed()).toBe('session from "session_id_hash", item from "product_sku_hash", time from "server_timestamp_epoch_ms" (the header has no usual name for them)');
    expect(lines.slice(1, 6)).toEqual([
      [{ session: 'ab12', item: 'sku9', time: 1550885210881, action: 'view' }],
      [], // a page view of no product: nothing to read, and nothing wrong
      [{ session: 'ab12', item: 'sku9', time: 1550885213000, action: 'cart' }],
      [],
      [{ session: 'ab12', item: 'sku9', time: 1550885215000, action: 'purchase' }],
    ]);
    // Without an event column, a line with no item is a bad line, and said; with one, a line with no item and no time too.
    expect(read('session,item,time\ns,,1511544070\n').problems).toEqual(['line 2: no item id']);
    expect(read('session,item,time,event\ns,,,view\n').problems).toEqual(['line 2: no item id']);
    expect(createLogReader().guessed()).toBeUndefined();
    // Taobao's UserBehavior with its columns named: pv, fav, cart, buy; seconds; a category id.
    const taobao = 'user_id,item_id,category_id,behavior_type,timestamp\n1,2268318,2520377,pv,1511544070\n1,2268318,2520377,fav,1511544080\n1,2268318,2520377,cart,1511544090\n1,2268318,2520377,buy,1511544100\n';
    expect(read(taobao).records.map((r) => [r.action, r.category, r.time])).toEqual([
      ['view', '2520377', 1511544070_000],
      ['wishlist', '2520377', 1511544080_000],
      ['cart', '2520377', 1511544090_000],
      ['purchase', '2520377', 1511544100_000],
    ]);
  });

  it('reads a log without a header (YOOCHOOSE, Taobao) from its first line: the time, an event type, then session, item, category; and says so', () => {
    // YOOCHOOSE's clicks: session, time (ISO), item, category; the first line is a click too.
    const yoochoose = '1,2014-04-07T10:51:09.277Z,214536502,0\n1,2014-04-07T10:54:09.868Z,214536500,0\n2,2014-04-07 13:56:37.614Z,214662742,S\n';
    const reader = createLogReader();
    const lines = yoochoose.split('\n').map((line) => reader.read(line));
    // (Its category, 0 on the first line, reads as a rating would: not taken.)
    expect(reader.guessed()).toBe('session from column 1, item from column 3, time from column 2 (the log has no header: give --columns to say otherwise)');
    expect(lines.slice(0, 3)).toEqual([
      [{ session: '1', item: '214536502', time: Date.UTC(2014, 3, 7, 10, 51, 9, 277), action: 'view' }],
      [{ session: '1', item: '214536500', time: Date.UTC(2014, 3, 7, 10, 54, 9, 868), action: 'view' }],
      [{ session: '2', item: '214662742', time: Date.UTC(2014, 3, 7, 13, 56, 37, 614), action: 'view' }],
    ]);
    // Taobao's UserBehavior as published: user, item, category, behaviour, seconds (the last number of that size).
    const taobao = read('1,2268318,2520377,pv,1511544070\n1,2333346,2520771,buy,1511561733\n');
    expect(taobao.records).toEqual([
      { session: '1', item: '2268318', time: 1511544070_000, action: 'view', category: '2520377' },
      { session: '1', item: '2333346', time: 1511561733_000, action: 'purchase', category: '2520771' },
    ]);
    // Columns given: read as given, nothing guessed.
    const given = createLogReader({ columns: ['session', 'time', 'item'] });
    expect(given.read('7,1511544070,42')).toEqual([{ session: '7', item: '42', time: 1511544070_000, action: 'view' }]);
    expect(given.guessed()).toBeUndefined();
    // Names that are not ours and no time in sight: still a header, and the message says how to go on.
    expect(read('a,b,c\n1,2,3\n').problems[0]).toMatch(/^line 1: the header names no session, item, time column.*--columns/);
    // A first line of data without a time: not guessed either.
    expect(read('1,2,3\n').problems[0]).toMatch(/^line 1: the header names no session, item, time column/);
  });

  it('reads a JSON array of records, one element per line, elements across lines, or the whole array on one line; a bad element names its line', () => {
    const records = [
      { session: 'a', item: 'x', time: 1511544070_000, action: 'view' },
      { session: 'a', item: 'y, "the blue one" [2]', time: 1511544080_000, action: 'cart' },
    ];
    const elements = ['{"session":"a","item":"x","time":1511544070}', '{"session":"a","item":"y, \\"the blue one\\" [2]","time":1511544080,"event":"add_to_cart"}'];
    expect(read(`[${elements[0]},\n${elements[1]}]\n`)).toEqual({ records, problems: [] });
    expect(read(`[\n  ${elements.join(',\n  ')}\n]\n`)).toEqual({ records, problems: [] });
    expect(read(`[${elements.join(',')}]`)).toEqual({ records, problems: [] });
    expect(read(`[\n{\n"session": "a",\n"item": "x",\n"time": 1511544070\n}\n]\n`).records).toEqual([records[0]]);
    expect(read(`[\n${elements[0]},\n{"session":"a","time":1},\n${elements[1]}\n]`)).toEqual({ records, problems: ['line 3: no item id'] });
  });

  it('reads times as logs write them: seconds, ms, ISO with or without a zone, "UTC", 20191001, and 12/1/2010 8:26 (month first unless it cannot be)', () => {
    const iso = (v: unknown) => new Date(readTime(v)).toISOString();
    expect(iso(1511544070)).toBe('2017-11-24T17:21:10.000Z');
    expect(iso('1433221332117')).toBe('2015-06-02T05:02:12.117Z');
    expect(iso('2019-10-01 00:00:00 UTC')).toBe('2019-10-01T00:00:00.000Z');
    expect(iso('2014-04-07T10:51:09.277+02:00')).toBe('2014-04-07T08:51:09.277Z');
    expect(iso('20191001')).toBe('2019-10-01T00:00:00.000Z');
    // Kaggle's copy of Online Retail writes its dates the American way; a European export, the other.
    expect(iso('12/1/2010 8:26')).toBe('2010-12-01T08:26:00.000Z');
    expect(iso('12/13/2010 18:26:05')).toBe('2010-12-13T18:26:05.000Z');
    expect(iso('13/12/2010 08:26')).toBe('2010-12-13T08:26:00.000Z');
    expect(iso('01.12.2010')).toBe('2010-12-01T00:00:00.000Z');
    expect(readTime('13/13/2010')).toBeNaN();
    expect(readTime('soon')).toBeNaN();
  });

  it("reads Alibaba's numbered event types by their column's name, Tianchi's hour-only times and Tmall's month-and-day", () => {
    // Tmall (repeat buyers): action_type 0 click, 1 cart, 2 purchase, 3 favourite; time_stamp mmdd.
    const tmall = 'user_id,item_id,cat_id,seller_id,brand_id,time_stamp,action_type\n328862,323294,833,2882,2661,0829,0\n328862,844400,1271,2882,2661,829,1\n328862,575153,1271,2882,2661,1111,2\n328862,996875,1271,2882,2661,1111,3\n';
    expect(read(tmall).records.map((r) => [r.item, r.action, new Date(r.time).toISOString().slice(5, 10), r.category, r.brand])).toEqual([
      ['323294', 'view', '08-29', '833', '2661'],
      ['844400', 'cart', '08-29', '1271', '2661'],
      ['575153', 'purchase', '11-11', '1271', '2661'],
      ['996875', 'wishlist', '11-11', '1271', '2661'],
    ]);
    // Tianchi's mobile log: behavior_type 1 view, 2 favourite, 3 cart, 4 buy; "2014-12-06 02" (an hour).
    const tianchi = 'user_id,item_id,behavior_type,user_geohash,item_category,time\n10001082,285259775,1,97lk14c,4076,2014-12-08 18\n10001082,4368907,2,,5503,2014-12-12 12\n10001082,4368907,3,,5503,2014-12-12 12\n10001082,53616768,4,,9762,2014-12-02 15\n';
    expect(read(tianchi).records.map((r) => [r.action, r.category, r.time])).toEqual([
      ['view', '4076', Date.UTC(2014, 11, 8, 18)],
      ['wishlist', '5503', Date.UTC(2014, 11, 12, 12)],
      ['cart', '5503', Date.UTC(2014, 11, 12, 12)],
      ['purchase', '9762', Date.UTC(2014, 11, 2, 15)],
    ]);
    // Elsewhere a number in the event column says nothing, and a 4-digit time is seconds.
    expect(read('session,item,time,event\ns,i,1111,2\n').records).toEqual([{ session: 's', item: 'i', time: 1111_000, action: 'view' }]);
  });

  it('reads rating logs as interactions: MovieLens (with its header, or the "::" lines of ml-1m), Amazon reviews (JSON lines, parent_asin)', () => {
    const expected = [
      { session: '1', item: '1193', time: 978300760_000, action: 'view' },
      { session: '1', item: '661', time: 978302109_000, action: 'view' },
    ];
    expect(read('userId,movieId,rating,timestamp\n1,1193,5,978300760\n1,661,3.5,978302109\n')).toEqual({ records: expected, problems: [] });
    // ml-1m: UserID::MovieID::Rating::Timestamp, no header (the rating is not taken for a category).
    const reader = createLogReader();
    expect(['1::1193::5::978300760', '1::661::3::978302109'].map((line) => reader.read(line))).toEqual(expected.map((r) => [r]));
    expect(reader.guessed()).toBe('session from column 1, item from column 2, time from column 4 (the log has no header: give --columns to say otherwise)');
    const amazon = '{"rating": 5.0, "title": "Great", "text": "A, b", "asin": "B00YQ6X8EX", "parent_asin": "B00YQ6X8EO", "user_id": "AGKHLEW2SOWHNMFQIJGBECAF7INQ", "timestamp": 1588687728923, "verified_purchase": true}\n';
    expect(read(amazon).records).toEqual([{ session: 'AGKHLEW2SOWHNMFQIJGBECAF7INQ', item: 'B00YQ6X8EO', time: 1588687728923, action: 'view' }]);
  });

  it('reads a CSV record whose quoted field goes on over lines as one record', () => {
    const csv = 'session,item,time,description\ns1,a,1511544070,"two\nlines, and ""quotes"""\ns1,b,1511544080,one\n';
    expect(read(csv)).toEqual({
      records: [
        { session: 's1', item: 'a', time: 1511544070_000, action: 'view' },
        { session: 's1', item: 'b', time: 1511544080_000, action: 'view' },
      ],
      problems: [],
    });
    // A stray quote (12" in a name) costs the lines up to the cap, said, not the rest of the log.
    const stray = read(`session,item,time,name\ns1,a,1511544070,12" tv\n${Array.from({ length: 25 }, (_, i) => `s1,b${i},1511544080,b`).join('\n')}\n`);
    expect(stray.problems).toEqual(['line 2: a quote opened here is not closed within 20 lines (these lines are skipped)']);
    expect(stray.records.map((r) => r.item)).toEqual(['b19', 'b20', 'b21', 'b22', 'b23', 'b24']);
  });

  it("reads a log with sessions and items but no time in the order of its lines, and says so", () => {
    const reader = createLogReader();
    const lines = ['session_id,item_id,event', 'a,x,view', 'a,y,add_to_cart', 'b,x,view'].map((line) => reader.read(line));
    expect(reader.guessed()).toBe("time from the lines' order (the header names no time column: each session's records in the order they come)");
    const records = lines.flat() as LogRecord[];
    expect(records.map((r) => [r.session, r.item, r.action])).toEqual([['a', 'x', 'view'], ['a', 'y', 'cart'], ['b', 'x', 'view']]);
    expect(records.map((r) => r.time - records[0]!.time)).toEqual([0, 1, 2]);
    // Columns named by --columns must name a time.
    expect(createLogReader({ columns: ['session', 'item'] }).read('a,x')).toMatchObject({ fatal: true, message: expect.stringMatching(/names no time column/) });
  });

  it("reads a visit's column before a user's, wherever it is (REES46: user_id, then user_session)", () => {
    const rees = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c\n';
    expect(read('uid,sid,iid,created_at\nu1,s9,i3,2024-05-01 10:00:00\n').records).toEqual([{ session: 's9', item: 'i3', time: Date.UTC(2024, 4, 1, 10), action: 'view' }]);
    expect(read(rees).records).toEqual([{ session: '72d76fde-8bb3-4e00-8c23-a032dfed738c', item: '44600062', time: Date.UTC(2019, 9, 1), action: 'view', category: '2103807459595387724', brand: 'shiseido', price: 35.79 }]);
  });

  it('reads UCI Online Retail as it comes: invoices as sessions, lines as purchases, cancellations skipped', () => {
    const retail = '"InvoiceNo","StockCode","Description","Quantity","InvoiceDate","UnitPrice","CustomerID","Country"\n"536365","85123A","WHITE HANGING HEART T-LIGHT HOLDER",6,"2010-12-01 08:26:00",2.55,17850,"United Kingdom"\n"C536379","D","Discount",-1,"2010-12-01 09:41:00",27.5,14527,"United Kingdom"\n';
    expect(read(retail).records).toEqual([{ session: '536365', item: '85123A', time: Date.UTC(2010, 11, 1, 8, 26), action: 'purchase', price: 2.55 }]);
    // Customers as sessions: the session column named.
    expect(read(retail, { defaultAction: 'view' }).records).toMatchObject([{ action: 'view' }]);
    expect(read(retail, { session: 'CustomerID' }).records).toMatchObject([{ session: '17850', item: '85123A' }]);
    expect(read(retail, { session: 'Shopper' }).problems).toEqual([expect.stringMatching(/^line 1: there is no column "Shopper" to read sessions from \(the columns are InvoiceNo, StockCode/)]);
  });

  it("reads transaction exports by their usual names: dunnhumby's baskets (a day's number and hhmm), H&M's t_dat, Ta-Feng's TRANSACTION_DT", () => {
    // dunnhumby (The Complete Journey): a basket is the visit, not the household; DAY counts days, TRANS_TIME is hhmm.
    const dunnhumby = 'household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE,STORE_ID,RETAIL_DISC,TRANS_TIME,WEEK_NO\n2375,26984851472,1,1004906,1,1.39,364,-0.6,1631,1\n2375,26984851516,2,1033142,1,0.82,364,0,1642,1\n';
    expect(read(dunnhumby).records.map((r) => [r.session, r.item, r.time, r.action])).toEqual([
      ['26984851472', '1004906', Date.UTC(2000, 0, 1, 16, 31), 'purchase'],
      ['26984851516', '1033142', Date.UTC(2000, 0, 2, 16, 42), 'purchase'],
    ]);
    const hm = 't_dat,customer_id,article_id,price,sales_channel_id\n2018-09-20,000058a12d5b43e67d225668fa1f8d618c13dc232df0cad8ffe7ad4a1091e318,0663713001,0.0508,2\n';
    expect(read(hm).records).toEqual([{ session: '000058a12d5b43e67d225668fa1f8d618c13dc232df0cad8ffe7ad4a1091e318', item: '0663713001', time: Date.UTC(2018, 8, 20), action: 'view', price: 0.0508 }]);
    const tafeng = 'TRANSACTION_DT,CUSTOMER_ID,AGE_GROUP,PIN_CODE,PRODUCT_SUBCLASS,PRODUCT_ID,AMOUNT,ASSET,SALES_PRICE\n11/1/2000,01104905,45-49,115,110411,4710199010372,2,24,30\n';
    expect(read(tafeng).records).toMatchObject([{ session: '01104905', item: '4710199010372', time: Date.UTC(2000, 10, 1) }]);
    // A plain "day" beside a real time is a day of the month, not the time.
    expect(read('day,session,item,timestamp\n31,s,i,1600000000\n').records).toMatchObject([{ time: 1600000000_000 }]);
  });

  it("reads Amazon's M2 sessions (KDD Cup 2023): a row is a visit, its items listed as numpy prints them (quoted over lines, or not), then the next one", () => {
    const m2 = `prev_items,next_item,locale\n['B09W9FND7K' 'B09JSPLN1M'],B09M7GY217,DE\n"['B076THCGSG' 'B007MO8IME' 'B08MF65MLV' 'B001B4TKA0' 'B001B4THSA'\n 'B0B7HGNRKR']",B001B4THSA,JP\n"[]",,UK\n`;
    const { records, problems } = read(m2);
    expect(records.map((r) => [r.session, r.item])).toEqual([
      ['DE:2', 'B09W9FND7K'],
      ['DE:2', 'B09JSPLN1M'],
      ['DE:2', 'B09M7GY217'],
      ...['B076THCGSG', 'B007MO8IME', 'B08MF65MLV', 'B001B4TKA0', 'B001B4THSA', 'B0B7HGNRKR', 'B001B4THSA'].map((item) => ['JP:3', item]),
    ]);
    // In the order they came: the lines' order is the time.
    expect(records.every((r, i) => i === 0 || r.time > records[i - 1]!.time)).toBe(true);
    expect(problems).toEqual(['line 5: no items in prev_items']);
    // Its related lists: what came next in a visit.
    const builder = createRelatedBuilder();
    for (const r of records) builder.add(r);
    expect(builder.finish().get('B09W9FND7K')?.[0]?.[0]).toBe('B09JSPLN1M');
  });

  it('reads logs without a header given their columns (YOOCHOOSE), and a day plus a time offset (DIGINETICA)', () => {
    const yoochoose = '1,2014-04-07T10:51:09.277Z,214536502,0\n1,2014-04-07T10:54:09.868Z,214536500,S\n';
    expect(read(yoochoose, { columns: ['session', 'time', 'item', 'category'] }).records).toEqual([
      { session: '1', item: '214536502', time: Date.parse('2014-04-07T10:51:09.277Z'), action: 'view', category: '0' },
      { session: '1', item: '214536500', time: Date.parse('2014-04-07T10:54:09.868Z'), action: 'view', category: 'S' },
    ]);
    const diginetica = 'sessionId;userId;itemId;timeframe;eventdate\n1;NA;81766;526309;2016-05-09\n1;NA;31331;1031018;2016-05-09\n';
    expect(read(diginetica).records.map((r) => [r.session, r.item, r.time])).toEqual([
      ['1', '81766', Date.UTC(2016, 4, 9) + 526309],
      ['1', '31331', Date.UTC(2016, 4, 9) + 1031018],
    ]);
  });

  it('reads JSON lines: OTTO sessions, our collector, a GA4 export, plain records; impressions say nothing', () => {
    const lines = [
      JSON.stringify({ session: 3, events: [{ aid: 11, ts: 1659304800025, type: 'clicks' }, { aid: 12, ts: 1659304900000, type: 'orders' }] }),
      JSON.stringify({ event_id: 'e1', name: 'add_to_cart', time: T, session_id: 's9', anonymous_id: 'a', items: [{ item_id: 'tea', item_brand: 'Xinhe', item_category: 'Food', item_category2: 'Tea' }] }),
      JSON.stringify({ event_id: 'e2', name: 'view_item_list', time: T, session_id: 's9', items: [{ item_id: 'x' }] }),
      JSON.stringify({ event_name: 'view_item', event_timestamp: T * 1000, user_pseudo_id: 'u1', event_params: [{ key: 'ga_session_id', value: { int_value: 77 } }], items: [{ item_id: 'cup', price: 9 }] }),
      JSON.stringify({ user_id: 'u2', product_id: 'p1', timestamp: '2026-01-05T10:00:00+08:00' }),
    ].join('\n');
    expect(read(lines).records).toEqual([
      { session: '3', item: '11', time: 1659304800025, action: 'view' },
      { session: '3', item: '12', time: 1659304900000, action: 'purchase' },
      { session: 's9', item: 'tea', time: T, action: 'cart', category: 'Tea', brand: 'Xinhe' },
      { session: 'u1.77', item: 'cup', time: T, action: 'view', price: 9 },
      { session: 'u2', item: 'p1', time: Date.UTC(2026, 0, 5, 2), action: 'view' },
    ]);
  });

  it('names each bad line by its number and reads on', () => {
    const { records, problems } = read('session,item,time\ns1,a,1767607200\ns2,,1767607200\ns3,b,yesterday\ns4,c,1767607200');
    expect(records.map((r) => r.item)).toEqual(['a', 'c']);
    expect(problems).toEqual(['line 3: no item id', 'line 4: unreadable time "yesterday"']);
    expect(read('{"session": 1, "item": "a", "time": 1}\n{oops\n').problems).toEqual([expect.stringMatching(/^line 2: not valid JSON/)]);
    expect(read('who,what\nx,y').problems).toEqual(['line 1: the header names no session, item, time column: use e.g. session_id, item_id, timestamp (it names who, what); a log without a header: give its columns in order (--columns session,time,item,category)']);
    // The reader stops at a bad header: every later line gives the same fatal problem, not a flood.
    const reader = createLogReader();
    expect(reader.read('who,what')).toMatchObject({ line: 1, fatal: true });
    expect(reader.read('x,y')).toMatchObject({ line: 1, fatal: true });
  });
});

describe('related lists', () => {
  const visit = (session: string, items: string[], action: LogRecord['action'] = 'view', start = T) =>
    items.map((item, i): LogRecord => ({ session, item, time: start + i * min, action }));

  it('weights what came next over what came before, nearer over farther, and carts over views; the first is 1', () => {
    const builder = createRelatedBuilder();
    for (const r of [...visit('s1', ['a', 'b', 'c']), ...visit('s2', ['a', 'b']), ...visit('s3', ['a', 'c'], 'cart')]) builder.add(r);
    const lists = builder.finish();
    // a→b: 1 (s1) + 1 (s2) = 2, over √(3·2); a→c: ½ (s1, two apart) + 3 (a cart, s3) = 3.5, over √(3·2).
    expect(lists.get('a')).toEqual([['c', 1], ['b', Math.round((2 / 3.5) * 1000) / 1000]]);
    // b→c: 1 over √(2·2); b→a: ½ + ½ (before it, in s1 and s2) over √(2·3): c leads.
    expect(lists.get('b')).toEqual([['c', 1], ['a', Math.round((1 / Math.sqrt(2 * 3) / (1 / Math.sqrt(2 * 2))) * 1000) / 1000]]);
  });

  it("reads a visit's records in time order whatever their order in the log (MovieLens lists a user's ratings by film)", () => {
    const records = [...syntheticLog({ sessions: 400, seed: 12 })];
    const built = (log: readonly LogRecord[]) => {
      const builder = createRelatedBuilder();
      for (const r of log) builder.add(r);
      return builder.finish();
    };
    const inOrder = built(records);
    // Each session's records by item id instead of by time (sessions one after another, as in ratings.csv).
    const bySession = new Map<string, LogRecord[]>();
    for (const r of records) bySession.set(r.session, [...(bySession.get(r.session) ?? []), r]);
    const shuffled = [...bySession.values()].flatMap((rs) => [...rs].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0)));
    expect(shuffled).not.toEqual([...bySession.values()].flat());
    expect(built(shuffled)).toEqual(inOrder);
    // A record far before its session's open visit starts a visit of its own, as it would in time order.
    const apart = [...visit('s', ['b', 'c'], 'view', T + 5 * 60 * min), ...visit('s', ['a', 'x'])];
    expect(built(apart)).toEqual(built([...apart].sort((a, b) => a.time - b.time)));
    expect(built(apart).get('a')).toEqual([['x', 1]]);
  });

  it('counts what came before by the backward share: none at 0, as much as what came after at 1', () => {
    const lists = (backward: number) => {
      const builder = createRelatedBuilder({ backward });
      for (const r of [...visit('s1', ['a', 'b']), ...visit('s2', ['b', 'c'])]) builder.add(r);
      return builder.finish();
    };
    // b's list: c came after it (1), a before it (backward × 1).
    expect(lists(0).get('b')).toEqual([['c', 1]]);
    expect(lists(0).get('c')).toBeUndefined();
    expect(lists(1).get('b')).toEqual([['a', 1], ['c', 1]]);
    expect(lists(0.5).get('b')).toEqual([['c', 1], ['a', 0.5]]);
  });

  it('holds a common neighbour back by the damping: plain sums at 0, √(count A × count B) by default, and once counted, any damping at no new count', () => {
    const builder = createRelatedBuilder({ backward: 0 });
    // After a: b three times (b is everywhere: eight visits in all), c twice (c is seen only after a).
    const visits = [['a', 'b'], ['a', 'b'], ['a', 'b'], ['a', 'c'], ['a', 'c'], ['b'], ['b'], ['b'], ['b'], ['b']];
    visits.forEach((items, i) => visit(`s${i}`, items).forEach((r) => builder.add(r)));
    const plain = builder.finish(0);
    const cosine = builder.finish();
    // At 0 the plain sums: b (3) before c (2). By default each over √(count): b 3/√8, c 2/√2 — c first.
    expect(plain.get('a')).toEqual([['b', 1], ['c', Math.round((2 / 3) * 1000) / 1000]]);
    expect(cosine.get('a')).toEqual([['c', 1], ['b', Math.round((3 / Math.sqrt(8) / (2 / Math.sqrt(2))) * 1000) / 1000]]);
    // The option and finish's argument are the same thing; and the default is exactly the square root (no change for stores that never tune).
    const again = createRelatedBuilder({ backward: 0, damping: 0 });
    visits.forEach((items, i) => visit(`s${i}`, items).forEach((r) => again.add(r)));
    expect(again.finish()).toEqual(plain);
    expect(builder.finish(0.5)).toEqual(cosine);
  });

  it("counts an item opened again at once in its own list (how often it is reopened); one seen again later is not", () => {
    const builder = createRelatedBuilder();
    for (const r of [...visit('s1', ['a', 'a', 'b']), ...visit('s2', ['a', 'b']), ...visit('s3', ['c', 'd', 'c'])]) builder.add(r);
    const lists = builder.finish();
    // a→a: 1 (the repeat), over √(3·3); a→b: 1 (s2) + ½ + 1 (s1: two apart from the first a, next to the second), over √(3·2).
    const self = 1 / 3;
    const b = 2.5 / Math.sqrt(6);
    expect(lists.get('a')).toEqual([['b', 1], ['a', Math.round((self / b) * 1000) / 1000]]);
    expect(lists.get('c')!.map(([id]) => id)).toEqual(['d']);
  });

  it('takes a click on a card and the view of its page just after as one step, not the item opened again', () => {
    // Our collector's events: a's card clicked (select_item), then a's page (view_item), then b's card and page.
    const events = (session: string, names: [string, string][]) =>
      names.map(([item, name], i) => JSON.stringify({ event_id: `${session}-${i}`, name, time: T + i * min, session_id: session, anonymous_id: 'x', items: [{ item_id: item }] }));
    const clicked = read([
      ...events('s1', [['a', 'select_item'], ['a', 'view_item'], ['b', 'select_item'], ['b', 'view_item']]),
      ...events('s2', [['a', 'view_item'], ['a', 'view_item'], ['b', 'view_item']]), // a reload of a's page: a second look
    ].join('\n')).records;
    expect(clicked.map((r) => r.select ?? false)).toEqual([true, false, true, false, false, false, false]);
    const builder = createRelatedBuilder();
    for (const r of clicked) builder.add(r);
    const lists = builder.finish();
    const plain = createRelatedBuilder();
    for (const r of [...visit('s1', ['a', 'b']), ...visit('s2', ['a', 'a', 'b'])]) plain.add(r);
    // As if s1 were "a, b": only s2's reload counts in a's own entry.
    expect(lists).toEqual(plain.finish());
    expect(lists.get('a')!.find(([id]) => id === 'a')).toBeDefined();
    // The replays see s1 as two steps (nothing to "predict" from a click to its own page), s2 as three.
    expect(sessionsOf(clicked).map((session) => session.map((r) => r.item).join(''))).toEqual(['ab', 'aab']);
    // A click on the same card again is a step of its own, and so is a reload of the page a click opened.
    const again = read([...events('s3', [['a', 'select_item'], ['a', 'select_item'], ['c', 'view_item']]), ...events('s4', [['d', 'select_item'], ['d', 'view_item'], ['d', 'view_item']])].join('\n')).records;
    expect(sessionsOf(again).map((session) => session.map((r) => r.item).join(''))).toEqual(['aac', 'dd']);
    const reloads = createRelatedBuilder();
    for (const r of again) reloads.add(r);
    expect(reloads.finish().get('d')).toEqual([['d', 1]]);
  });

  it('splits a session at a 30-minute gap and ignores items further apart than the window', () => {
    const builder = createRelatedBuilder();
    for (const r of [...visit('s', ['a']), ...visit('s', ['b'], 'view', T + 31 * min), ...visit('t', ['x', 'p1', 'p2', 'p3', 'p4', 'p5', 'y'])]) builder.add(r);
    const lists = builder.finish();
    expect(lists.get('a')).toBeUndefined();
    expect(lists.get('x')!.map(([id]) => id)).not.toContain('y');
    expect(builder.stats()).toMatchObject({ events: 9, visits: 3 });
  });

  it('keeps memory bounded: few visits open at once, few neighbours per item, and the same lists on a small log', () => {
    const records = Array.from({ length: 2000 }, (_, i) => visit(`s${i}`, [`i${i % 7}`, `i${(i * 3) % 11}`, `i${(i * 5) % 13}`])).flat();
    const unbounded = createRelatedBuilder();
    const bounded = createRelatedBuilder({ maxOpenVisits: 10 });
    for (const r of records) (unbounded.add(r), bounded.add(r));
    expect([...bounded.finish()]).toEqual([...unbounded.finish()]);
  });

  it('past maxOpenVisits closes the visit least recently active, not the one opened first, however visits interleave', () => {
    const builder = createRelatedBuilder({ maxOpenVisits: 2 });
    const at = (session: string, item: string, minute: number): LogRecord => ({ session, item, time: T + minute * min, action: 'view' });
    // Round after round: A goes on, B stops, C opens (one too many: B closes, not A), A goes on again.
    for (let k = 0; k < 50; k++) {
      const m = k * 10;
      for (const r of [at(`A${k}`, `a${k}-1`, m), at(`B${k}`, `b${k}`, m + 1), at(`A${k}`, `a${k}-2`, m + 2), at(`C${k}`, `c${k}`, m + 3), at(`A${k}`, `a${k}-3`, m + 4)]) builder.add(r);
    }
    const lists = builder.finish();
    for (let k = 0; k < 50; k++) expect(lists.get(`a${k}-1`)!.map(([id]) => id).sort()).toEqual([`a${k}-2`, `a${k}-3`]);
    expect(builder.stats().visits).toBe(150);
  });

  it('keeps memory bounded on a long tail of items: never more than maxPairs pairs, and the popular items keep their lists', () => {
    const records = [...syntheticLog({ sessions: 3000, items: 20_000, topics: 200, seed: 3 })];
    const unbounded = createRelatedBuilder();
    const bounded = createRelatedBuilder({ maxPairs: 5000 });
    let most = 0;
    for (const r of records) {
      unbounded.add(r);
      bounded.add(r);
      most = Math.max(most, bounded.stats().pairs);
    }
    const all = unbounded.finish();
    const kept = bounded.finish();
    expect(unbounded.stats()).toMatchObject({ prunes: 0 });
    expect(unbounded.stats().pairs).toBeGreaterThan(4 * 5000); // (a log that needs the bound)
    expect(bounded.stats().prunes).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(5000);
    // What is let go is the weakest evidence: the most viewed items lead their lists with the same item.
    const views = new Map<string, number>();
    for (const r of records) views.set(r.item, (views.get(r.item) ?? 0) + 1);
    const popular = [...views].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([id]) => id);
    const same = popular.filter((id) => kept.get(id)?.[0]?.[0] === all.get(id)![0]![0]).length;
    expect(same).toBeGreaterThanOrEqual(18);
    expect(kept.size).toBeLessThan(all.size);
  });

  it('the SQL in related.sql gives the same lists as the builder (on an embedded SQLite)', async () => {
    const SQL = await initSqlJs({ useOldExtensionFunctions: false } as Parameters<typeof initSqlJs>[0]);
    const db = new SQL.Database();
    // A small log with carts, purchases, repeats, a long visit and a gap.
    const next = ((seed) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647))(3);
    const actions = ['view', 'view', 'view', 'cart', 'purchase', 'wishlist'] as const;
    const records: LogRecord[] = [];
    for (let s = 0; s < 120; s++) {
      let time = T + s * 7 * min;
      for (let i = 0, n = 2 + Math.floor(next() * 12); i < n; i++) {
        time += next() < 0.05 ? 40 * min : Math.floor(next() * 5) * min;
        records.push({ session: `s${s % 90}`, item: `i${Math.floor(next() * next() * 40)}`, time, action: actions[Math.floor(next() * actions.length)]! });
      }
    }
    records.sort((a, b) => a.time - b.time);
    db.run('CREATE TABLE events (session TEXT, item TEXT, time INTEGER, weight REAL, line INTEGER)');
    const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
    records.forEach((r, line) => insert.run([r.session, r.item, r.time, RELATED_DEFAULTS.actionWeights[r.action], line]));
    insert.free();
    const [result] = db.exec(readFileSync(new URL('./related.sql', import.meta.url), 'utf8'));
    const fromSql = new Map<string, [string, number][]>();
    for (const [item, related, weight] of result!.values as [string, string, number][]) {
      const list = fromSql.get(item) ?? [];
      list.push([related, Math.max(0.001, Math.round(weight * 1000) / 1000)]);
      fromSql.set(item, list);
    }
    const builder = createRelatedBuilder();
    for (const r of records) builder.add(r);
    const fromTool = builder.finish();
    expect(fromSql.size).toBeGreaterThan(30);
    // (With items opened again at once: their own entries are in both.)
    expect([...fromTool].filter(([item, list]) => list.some(([id]) => id === item)).length).toBeGreaterThan(3);
    expect(new Map([...fromTool].sort())).toEqual(new Map([...fromSql].sort()));
  });
});

describe('the evaluation', () => {
  it('scores a hand-computed example: hit rate, reciprocal rank and discounted gain at 10', () => {
    const scorer = createScorer(10);
    scorer.add(['x', 'a'], 'a'); // rank 2: rr ½, gain 1/log2(3)
    scorer.add(['a', 'b'], 'a'); // rank 1: rr 1, gain 1
    scorer.add(['q', 'r'], 'a'); // a miss
    scorer.add(Array.from({ length: 11 }, (_, i) => (i === 10 ? 'a' : `n${i}`)), 'a'); // 11th: outside the ten
    const { hr, mrr, ndcg, predictions } = scorer.scores();
    expect(predictions).toBe(4);
    expect(hr).toBeCloseTo(2 / 4, 12);
    expect(mrr).toBeCloseTo((0.5 + 1) / 4, 12);
    expect(ndcg).toBeCloseTo((1 / Math.log2(3) + 1) / 4, 12);
  });

  it('on a tiny log, learns from the earlier sessions and predicts each next item of the later ones', () => {
    const records: LogRecord[] = [];
    // Earlier: a is followed by b, many times; c is popular on its own. Later: a, then b.
    for (let s = 0; s < 8; s++) records.push(...visit(`train${s}`, ['a', 'b'], 'view', T + s * 60 * min));
    for (let s = 0; s < 12; s++) records.push(...visit(`pop${s}`, ['c'], 'view', T + s * 60 * min + 1));
    records.push(...visit('test', ['a', 'b'], 'view', T + 100 * 60 * min));
    const { rows, test } = evaluate(records, { testShare: 0.05 });
    expect(test).toBe(1);
    const by = Object.fromEntries(rows.map((r) => [r.method, r]));
    // On a: a itself first (shoppers reopen what they just looked at), then b, what followed a before.
    expect(by['rank() with related lists']).toMatchObject({ hr: 1, mrr: 0.5, predictions: 1 });
    expect(by['related lists alone']).toMatchObject({ hr: 1, mrr: 1 });
    // c (12 sessions), then a and b (8 each; ties by id): b is third.
    expect(by['global popularity']).toMatchObject({ hr: 1, mrr: 1 / 3 });
  });

  it('ranks over the whole catalog: an item only the later sessions name can be guessed (a shopper returning to it), with no popularity from them', () => {
    const records: LogRecord[] = [];
    // Earlier: twelve items, more than ten guesses hold, so a never-opened item is not among them by chance.
    const earlier = 'abcdefghijkl'.split('');
    for (let s = 0; s < 20; s++) records.push(...visit(`train${s}`, [earlier[s % 12]!, earlier[(s + 1) % 12]!, earlier[(s + 2) % 12]!], 'view', T + s * 60 * min));
    // Later: new items, each opened again after another — as in a log of a large catalog's long tail.
    records.push(...visit('test', ['new1', 'new2', 'new1'], 'view', T + 100 * 60 * min));
    const { rows, test, items } = evaluate(records, { testShare: 0.04 });
    expect(test).toBe(1);
    expect(items).toBe(14);
    const by = Object.fromEntries(rows.map((r) => [r.method, r]));
    // The second guess (after new1, new2) is new1: a reminder rank() can give only if new1 is a candidate.
    expect(by['session items, then popularity']).toMatchObject({ hr: 0.5, predictions: 2 });
    expect(by['rank() without related lists']!.hr).toBe(0.5);
    expect(by['rank() with related lists']!.hr).toBe(0.5);
    // No popularity from the later part: the bestsellers are still the earlier part's.
    expect(by['global popularity']).toMatchObject({ hr: 0 });
  });

  function visit(session: string, items: string[], action: LogRecord['action'], start: number) {
    return items.map((item, i): LogRecord => ({ session, item, time: start + i * min, action }));
  }
});
