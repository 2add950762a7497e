// Behaviour logs in the formats merchants have: CSV (or TSV) with a header, and JSON lines of our
// collector's events, of a GA4 BigQuery export, of OTTO-style sessions, or of plain records.

import { own } from '../util/own.ts';

/** What a log line says a shopper did. */
export type LogAction = 'view' | 'cart' | 'wishlist' | 'purchase';

/** One interaction: in which session (or by which user), with which item, when, and how. */
export interface LogRecord {
  session: string;
  item: string;
  /** Epoch ms. */
  time: number;
  action: LogAction;
  category?: string;
  brand?: string;
  price?: number;
  /**
   * A click on the item in a list (GA4's `select_item`, as our SDK sends it): the view of its page that
   * follows is the same step, not the item opened again (see {@link sameStep}).
   */
  select?: true;
}

/** An event name that is a click on an item in a list (GA4 `select_item`). */
const isSelect = (name: unknown) => typeof name === 'string' && name.trim().toLowerCase() === 'select_item';

/**
 * True when `next` is the view of the page of the item `previous` clicked in a list, in the same visit:
 * one step of the shopper's, which the related lists and the replays take once (else every click
 * would read as the item opened again at once, and a replay would "predict" the page of the card
 * just clicked). A view after a view of the same item (a reload, a second look) is still its own step.
 */
export const sameStep = (previous: LogRecord | undefined, next: LogRecord): boolean =>
  !!previous?.select && !next.select && next.action === 'view' && next.item === previous.item && next.session === previous.session;

/** A line that could not be read: its number (from 1) and why. */
export interface LogProblem {
  line: number;
  message: string;
  /** The log cannot be read at all (its header names no item column, say): stop reading. */
  fatal?: true;
}

const ALIASES: Record<'session' | 'item' | 'time' | 'offset' | 'action' | 'category' | 'brand' | 'price' | 'quantity', string[]> = {
  session: ['session', 'session_id', 'sessionid', 'user_session', 'visit', 'visit_id', 'basket_id', 'basket', 'user', 'user_id', 'userid', 'visitor', 'visitor_id', 'visitorid', 'customer', 'customer_id', 'customerid', 'uid', 'sid', 'client_id', 'clientid', 'anonymous_id', 'device_id', 'member_id', 'household_key', 'household_id', 'invoice', 'invoiceno', 'invoice_no', 'order_id'],
  item: ['item', 'item_id', 'itemid', 'aid', 'product', 'product_id', 'productid', 'sku', 'stockcode', 'stock_code', 'parent_asin', 'asin', 'movieid', 'movie_id', 'book_id', 'bookid', 'isbn', 'track_id', 'song_id', 'video_id', 'article_id', 'content_id', 'business_id', 'recipe_id', 'anime_id', 'game_id', 'app_id', 'iid', 'pid', 'goods_id', 'goodsid', 'variant_id', 'offer_id'],
  time: ['time', 'timestamp', 'ts', 'date', 'datetime', 'event_time', 'eventdate', 'invoicedate', 'invoice_date', 'time_stamp', 'event_timestamp', 'created_at', 'createdat', 'occurred_at', 'unix_time', 'unixtime', 't_dat', 'transaction_dt', 'transaction_date', 'transaction_time', 'trans_date', 'order_date', 'order_time', 'purchase_date', 'purchase_time', 'event_date', 'day'],
  // The time within `time`'s day: milliseconds (DIGINETICA's timeframe), or hhmm (dunnhumby's trans_time).
  offset: ['timeframe', 'time_offset', 'trans_time'],
  // (Taobao's and Tmall's logs call it behavior_type or action_type.)
  action: ['action', 'type', 'event', 'event_type', 'eventtype', 'event_name', 'name', 'action_type', 'behavior', 'behavior_type', 'behaviour', 'behaviour_type'],
  category: ['category', 'item_category', 'category_id', 'categoryid', 'category_code', 'cat_id', 'category_name'],
  brand: ['brand', 'item_brand', 'brand_id', 'brand_name'],
  price: ['price', 'unitprice', 'unit_price'],
  quantity: ['quantity', 'qty'],
};

/** Reads what a log calls an action; `undefined` for what says nothing about interest (an impression). */
export function readAction(text: unknown, fallback: LogAction): LogAction | undefined {
  if (text === undefined || text === null || text === '') return fallback;
  const t = String(text).toLowerCase();
  if (/impression|view_item_list|view_promotion|list/.test(t)) return undefined;
  // Not interest: a "not interested", an item taken out of the cart, money given back.
  if (/dislike|not_interested|remove|refund|return/.test(t)) return undefined;
  if (/wish|fav/.test(t)) return 'wishlist'; // (Taobao's "fav")
  if (/cart|basket|^add$/.test(t)) return 'cart'; // (Coveo's "add")
  if (/purchase|order|transaction|buy|sale|checkout/.test(t)) return 'purchase';
  if (/view|click|detail|select|page|^pv$/.test(t)) return 'view'; // (Taobao's "pv": a page view)
  return fallback;
}

/** 12/1/2010 8:26 (Kaggle's Online Retail: month first, unless the first number cannot be a month) or 01.12.2010 (day first). */
const NUMERIC_DATE = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:[ T](\d{1,2}):(\d\d)(?::(\d\d(?:\.\d+)?))?)?$/;

/**
 * Event types some logs give as numbers, by the name of their column: Tmall's action_type (0 click,
 * 1 cart, 2 purchase, 3 favourite) and Tianchi's mobile log's behavior_type (1 view, 2 favourite, 3 cart, 4 buy).
 */
const ACTION_CODES: Record<string, (LogAction | undefined)[]> = {
  action_type: ['view', 'cart', 'purchase', 'wishlist'],
  behavior_type: [undefined, 'view', 'wishlist', 'cart', 'purchase'],
};

const DAY_MS = 86_400_000;
/**
 * Times some logs write their own way, by the name of their column (only order and gaps matter): Tmall's
 * time_stamp, the month and day alone (1111), read as that day of 2000; dunnhumby's day, the number of a
 * day (1, 2, …), counted from 2000-01-01.
 */
const DAY_TIMES: Record<string, (text: string) => number | undefined> = {
  time_stamp(text) {
    const m = /^(\d{1,2})(\d\d)$/.exec(text);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 12 || Number(m[2]) < 1 || Number(m[2]) > 31) return undefined;
    return Date.UTC(2000, Number(m[1]) - 1, Number(m[2]));
  },
  day: (text) => (/^\d{1,5}$/.test(text) ? Date.UTC(2000, 0, 1) + (Number(text) - 1) * DAY_MS : undefined),
};
/** The time within the day, in ms: hhmm for dunnhumby's trans_time, else the number of milliseconds. */
const offsetMs = (column: string | undefined, text: string) =>
  column === 'trans_time' && /^\d{1,4}$/.test(text) ? (Math.floor(Number(text) / 100) * 60 + (Number(text) % 100)) * 60_000 : Number(text);

/** Epoch ms from seconds, ms or µs since 1970, 20191001, or a date text (UTC unless it names a zone). */
export function readTime(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (/^\d+(\.\d+)?$/.test(text)) {
    const compact = text.length === 8 && /^(19[7-9]\d|20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.exec(text);
    if (compact) return Date.UTC(Number(compact[1]), Number(compact[2]) - 1, Number(compact[3]));
    const n = Number(text);
    return n < 1e11 ? n * 1000 : n > 1e14 ? Math.floor(n / 1000) : n;
  }
  // 2014-04-07T10:51:09.277Z and its kin, the usual shape: for Date.parse, once made ISO.
  if (text[4] === '-') {
    let iso = text.replace(' ', 'T');
    if (iso.length === 13) iso += ':00'; // (Tianchi's "2014-12-06 02": the hour alone)
    if (/UTC$/i.test(iso)) iso = `${iso.slice(0, -3).trimEnd()}Z`; // (REES46: "2019-10-01 00:00:00 UTC")
    return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  }
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) {
    const [, a, separator, b, year, hours = 0, minutes = 0, seconds = 0] = numeric;
    const dayFirst = separator === '.' || Number(a) > 12;
    const [month, day] = dayFirst ? [Number(b), Number(a)] : [Number(a), Number(b)];
    if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
    return Date.UTC(Number(year), month - 1, day, Number(hours), Number(minutes)) + Math.round(Number(seconds) * 1000);
  }
  return text ? Date.parse(text) : NaN;
}

type Field = keyof typeof ALIASES;
const pick = (object: Record<string, unknown>, field: Field): unknown => {
  for (const key of ALIASES[field]) if (Object.prototype.hasOwnProperty.call(object, key)) return object[key];
  return undefined;
};

/**
 * For a field the header has no alias of (of the three a log needs): the first other column whose name
 * says it, e.g. Coveo's `session_id_hash`, `product_sku_hash`, `server_timestamp_epoch_ms`.
 */
const LIKE: Partial<Record<Field, { yes: RegExp; no?: RegExp }>> = {
  session: { yes: /session|visit|user|customer|client/ },
  item: { yes: /item|product|sku|article|asin|movie|book|isbn|track|song|video|content|listing|offer/, no: /categ|brand|price|name|title|desc|url|qty|quant|count|type|action|event/ },
  time: { yes: /time|date|epoch|created|occurred/ },
};

/**
 * Names read before the field's other ones, wherever they are: a visit's before a user's or an
 * invoice's, and Coveo's product_action (detail, add, purchase) before its event_type (pageview).
 */
const FIRST: Partial<Record<Field, Set<string>>> = {
  session: new Set(['session', 'session_id', 'sessionid', 'user_session', 'visit', 'visit_id', 'sid', 'basket_id', 'basket']),
  action: new Set(['product_action']),
};
/** Names read only when none of the field's others is there: a plain "day" may be a day of the month beside a real time. */
const LAST: Partial<Record<Field, string>> = { time: 'day' };

/** The columns of a CSV header, as our fields (`given`: those already known, e.g. the session named by --session). */
export function readHeader(header: string[], given: Partial<Record<Field, number>> = {}): { columns: Partial<Record<Field, number>>; guessed: Field[] } {
  const lower = header.map((h) => h.trim().toLowerCase().replace(/^"|"$/g, ''));
  const columns: Partial<Record<Field, number>> = {};
  for (const field of Object.keys(ALIASES) as Field[]) {
    const first = lower.findIndex((h) => FIRST[field]?.has(h));
    const named = lower.findIndex((h) => h !== LAST[field] && ALIASES[field].includes(h));
    const at = first >= 0 ? first : named >= 0 ? named : lower.indexOf(LAST[field] ?? '');
    if (at >= 0) columns[field] = at;
  }
  Object.assign(columns, given);
  const guessed: Field[] = [];
  for (const [field, like] of Object.entries(LIKE) as [Field, { yes: RegExp; no?: RegExp }][]) {
    if (columns[field] !== undefined) continue;
    const taken = new Set(Object.values(columns));
    const at = lower.findIndex((h, i) => !taken.has(i) && like.yes.test(h) && !like.no?.test(h));
    if (at >= 0) (columns[field] = at), guessed.push(field);
  }
  return { columns, guessed };
}

/** A date as logs write them: 2014-04-07, with a time (T or a space), fractions and a zone or not. */
const DATE_TEXT = /^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?)?\s*(?:Z|UTC|[+-]\d\d:?\d\d)?$/i;
/** Seconds or milliseconds since 1970 in 2000–2049: a time, not an id (an id of that size in another column comes first). */
const isEpoch = (v: string) => /^\d{9,13}$/.test(v) && [1, 1000].some((unit) => Number(v) >= 946_684_800 * unit && Number(v) < 2_524_608_000 * unit);
/** A word that names an action (pv, buy, click, addtocart, impression…), not an id. */
const UNNAMED = 'unnamed' as LogAction;
const namesAction = (v: string) => /^[a-z][a-z_ -]*$/i.test(v) && readAction(v, UNNAMED) !== UNNAMED;

/**
 * The columns of a log whose first line is data, not names (YOOCHOOSE's clicks, Taobao's UserBehavior),
 * guessed from that line: the time (a date, else the last number that is seconds or ms since 1970 in
 * this century), an event type (a word that names an action), and the others in order: the session,
 * the item, a category. Undefined when the line has no time, or fewer than two other columns.
 */
function guessColumns(cells: string[]): Partial<Record<Field, number>> | undefined {
  const values = cells.map((c) => c.trim());
  const dated = values.findIndex((v) => DATE_TEXT.test(v) || NUMERIC_DATE.test(v));
  const time = dated >= 0 ? dated : values.findLastIndex(isEpoch);
  if (time < 0) return undefined;
  const action = values.findIndex((v, i) => i !== time && namesAction(v));
  const rest = values.map((_, i) => i).filter((i) => i !== time && i !== action);
  if (rest.length < 2) return undefined;
  // (A number of one or two digits or a fraction there is more likely a rating or a quantity, as in
  // MovieLens, than a category; YOOCHOOSE's first lines say 0, its "no category", so it loses little.)
  const category = rest[2] !== undefined && !/^(\d{1,2}|\d*\.\d+)$/.test(values[rest[2]]!) ? rest[2] : undefined;
  return { time, ...(action >= 0 ? { action } : {}), session: rest[0]!, item: rest[1]!, ...(category !== undefined ? { category } : {}) };
}

/** Splits one CSV line (quotes, doubled quotes, the given delimiter: a character, or MovieLens's "::"). */
export function splitCsv(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter[0] && (delimiter.length === 1 || line.startsWith(delimiter, i))) (out.push(field), (field = ''), (i += delimiter.length - 1));
    else field += c;
  }
  out.push(field);
  return out;
}

/** What a record needs, checked: the message names what is missing or wrong. */
function record(session: unknown, item: unknown, time: unknown, action: LogAction, extra: Partial<LogRecord>, name?: unknown): LogRecord | string {
  if (session === undefined || session === null || session === '') return 'no session or user id';
  if (item === undefined || item === null || item === '') return 'no item id';
  const t = readTime(time);
  if (!Number.isFinite(t)) return `unreadable time ${JSON.stringify(time)}`;
  const out: LogRecord = { session: String(session), item: String(item), time: t, action };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '' && !(typeof v === 'number' && !Number.isFinite(v))) (out as unknown as Record<string, unknown>)[k] = v;
  if (isSelect(name)) out.select = true;
  return out;
}

const OTTO: Record<string, LogAction> = { clicks: 'view', carts: 'cart', orders: 'purchase' };

/** The records of one JSON line, in any of the JSON formats; a string says what is wrong with it. */
export function recordsFromJson(value: unknown, fallback: LogAction): LogRecord[] | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const o = value as Record<string, unknown>;
  // OTTO: { session, events: [{ aid, ts, type }] }
  if (Array.isArray(o.events)) {
    const out: LogRecord[] = [];
    for (const e of o.events as Record<string, unknown>[]) {
      const r = record(o.session, e?.aid ?? e?.item, e?.ts ?? e?.time, OTTO[String(e?.type)] ?? readAction(e?.type, fallback) ?? 'view', {});
      if (typeof r === 'string') return `events: ${r}`;
      out.push(r);
    }
    return out;
  }
  // Our collector's events and GA4 exports: an event with items.
  if (Array.isArray(o.items) && (o.event_id !== undefined || o.event_name !== undefined || o.name !== undefined)) {
    const action = readAction(o.name ?? o.event_name, fallback);
    if (!action) return [];
    const params = Array.isArray(o.event_params) ? (o.event_params as { key: string; value: Record<string, unknown> }[]) : [];
    const gaSession = params.find((p) => p.key === 'ga_session_id')?.value;
    const session = o.session_id ?? (o.user_pseudo_id !== undefined ? `${o.user_pseudo_id}.${gaSession?.int_value ?? gaSession?.string_value ?? ''}` : o.anonymous_id);
    const time = o.event_timestamp ?? o.time;
    const out: LogRecord[] = [];
    for (const item of o.items as Record<string, unknown>[]) {
      const categories = ['item_category', 'item_category2', 'item_category3', 'item_category4', 'item_category5'].map((k) => item?.[k]).filter((c) => typeof c === 'string' && c);
      const r = record(session, item?.item_id, time, action, { category: categories.at(-1) as string | undefined, brand: item?.item_brand as string | undefined, price: Number(item?.price) }, o.name ?? o.event_name);
      if (typeof r === 'string') return `items: ${r}`;
      out.push(r);
    }
    return out;
  }
  // A plain record.
  const action = readAction(pick(o, 'action'), fallback);
  if (!action) return [];
  const quantity = pick(o, 'quantity');
  if (quantity !== undefined && Number(quantity) <= 0) return []; // a return
  const r = record(
    pick(o, 'session'),
    pick(o, 'item'),
    pick(o, 'time'),
    action,
    { category: pick(o, 'category') as string | undefined, brand: pick(o, 'brand') as string | undefined, price: Number(pick(o, 'price')) },
    pick(o, 'action'),
  );
  return typeof r === 'string' ? r : [r];
}

/**
 * Cuts a JSON array, given line by line, into the texts of its elements as each ends (an element may
 * span lines, a line hold many); strings are followed, so a "," or "]" in one is text.
 */
function createArraySplitter(): (line: string) => string[] {
  let depth = 0;
  let quoted = false;
  let escaped = false;
  let element = '';
  return (line) => {
    const done: string[] = [];
    const end = () => (element.trim() && done.push(element), (element = ''));
    for (const c of line) {
      if (quoted) {
        element += c;
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') quoted = false;
        continue;
      }
      if (c === '"') quoted = true;
      else if (c === '[' || c === '{') {
        if (depth++ === 0) continue; // (the array's own bracket)
      } else if (c === ']' || c === '}') {
        if (--depth === 0) {
          end();
          continue;
        }
      } else if (c === ',' && depth === 1) {
        end();
        continue;
      }
      if (depth > 0) element += c;
    }
    return done;
  };
}

/** How many `"` a text has. */
function quotes(text: string): number {
  let n = 0;
  for (let at = text.indexOf('"'); at >= 0; at = text.indexOf('"', at + 1)) n++;
  return n;
}
/** Most lines one CSV record may span: a stray quote (12" in a name) must not swallow the log after it. */
const MAX_RECORD_LINES = 20;
/** A visit's list of items (Amazon's M2, as numpy prints it, a dozen items a line) may go on over this many lines. */
const MAX_LIST_LINES = 1000;
/** A log with no times reads its order as the time: this, then a millisecond a line (or an item of a listed visit). */
const BY_ORDER = 1e12;
/** The items of a list as Python or numpy print it (`['B09W9FND7K' 'B09JSPLN1M']`) or JSON does. */
const LISTED = /'([^']+)'|"([^"]+)"/g;

/** Options of {@link createLogReader}. */
export interface LogReaderOptions {
  /** What a line without an event type is. @default 'view'; 'purchase' for a CSV with a quantity column and no event type */
  defaultAction?: LogAction;
  /** The columns of a CSV without a header, in order (e.g. YOOCHOOSE: session, time, item, category); other names are skipped. */
  columns?: string[];
  /** The header column to read the session from, when it is not the first that could be (e.g. CustomerID instead of InvoiceNo). */
  session?: string;
}

/**
 * A line reader for a whole log: give it each line in order; it finds the format from the first
 * line (a CSV header, or JSON), and returns each line's records, or a problem naming the line.
 */
export function createLogReader(options: LogReaderOptions = {}) {
  let fallback = options.defaultAction ?? 'view';
  let format: 'json' | 'array' | 'csv' | undefined;
  let elements: ((line: string) => string[]) | undefined;
  let unreadable: LogProblem | undefined;
  let delimiter = ',';
  let columns: Partial<Record<Field, number>> = {};
  /** What the header's names say of their columns: numbered event types (ACTION_CODES), times of their own kind (DAY_TIMES), hhmm offsets. */
  let codes: (LogAction | undefined)[] | undefined;
  let dayTime: ((text: string) => number | undefined) | undefined;
  let offsetColumn: string | undefined;
  /** A header with no time column: the lines' order is the time (a millisecond a line). */
  let byLine = false;
  /** Rows that are visits (Amazon's M2: `prev_items`, `next_item`, `locale`): where those columns are, and the records so far. */
  let visits: { prev: number; next: number; locale: number; records: number } | undefined;
  /** Which columns a header named only in passing were read from, e.g. `item from "product_sku_hash"`. */
  let guessed: string | undefined;
  let lineNo = 0;
  /** The lines of a record whose quoted field is not closed yet, and where it began. */
  let open: { text: string; lines: number; from: number } | undefined;
  return {
    /** What columns were taken for where no usual name said it (see LIKE), or a log without a header's (see guessColumns); undefined when all were named. */
    guessed: () => guessed,
    /** The records of the next line (none for a header or a blank line), or what is wrong with it. */
    read(raw: string): LogRecord[] | LogProblem {
      lineNo++;
      if (unreadable) return unreadable;
      const line = raw.replace(/^\uFEFF/, '').trimEnd();
      if (!line.trim()) return [];
      if (!format) {
        if (line.trimStart().startsWith('{')) format = 'json';
        else if (line.trimStart().startsWith('[')) (format = 'array'), (elements = createArraySplitter());
        else {
          format = 'csv';
          delimiter = ['::', ',', '\t', ';', '|'].map((d) => [d, line.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
          const header = options.columns ?? splitCsv(line, delimiter).map((h) => h.trim()).filter(Boolean).slice(0, 12);
          const names = header.map((h) => h.trim().toLowerCase());
          const given: Partial<Record<Field, number>> = {};
          if (options.session !== undefined) {
            const at = names.indexOf(options.session.toLowerCase());
            if (at < 0) return (unreadable = { line: lineNo, message: `there is no column "${options.session}" to read sessions from (the columns are ${header.join(', ')})`, fatal: true });
            given.session = at;
          }
          // Amazon's KDD Cup 2023 sessions (M2): each row a visit, its items listed (then the one that came next), no time.
          if (!options.columns && options.session === undefined && names.includes('prev_items')) {
            visits = { prev: names.indexOf('prev_items'), next: names.indexOf('next_item'), locale: names.indexOf('locale'), records: 0 };
            guessed = 'each row as a visit: the items of prev_items, then next_item, in that order';
            return [];
          }
          const read = readHeader(header, given);
          columns = read.columns;
          if (read.guessed.length) guessed = `${read.guessed.map((f) => `${f} from "${header[columns[f]!]!.trim()}"`).join(', ')} (the header has no usual name for them)`;
          let missing = (['session', 'item', 'time'] as const).filter((f) => columns[f] === undefined);
          // No header at all: the first line is data (YOOCHOOSE, Taobao). Its columns are guessed from it, and said.
          const data = missing.length && !options.columns && options.session === undefined ? guessColumns(splitCsv(line, delimiter)) : undefined;
          if (data) {
            columns = data;
            missing = [];
            const order: Field[] = ['session', 'item', 'time', 'action', 'category'];
            guessed = `${order.filter((f) => columns[f] !== undefined).map((f) => `${f} from column ${columns[f]! + 1}`).join(', ')} (the log has no header: give --columns to say otherwise)`;
          }
          // Sessions and items but no time: the log's order is taken for it, and said.
          if (missing.length === 1 && missing[0] === 'time' && !options.columns) {
            byLine = true;
            missing = [];
            guessed = `${guessed ? `${guessed}; ` : ''}time from the lines' order (the header names no time column: each session's records in the order they come)`;
          }
          if (missing.length) {
            const named = header.length ? ` (${options.columns ? 'the columns given are' : 'it names'} ${header.join(', ')})` : '';
            return (unreadable = { line: lineNo, message: `the header names no ${missing.join(', ')} column: use e.g. session_id, item_id, timestamp${named}${options.columns ? '' : '; a log without a header: give its columns in order (--columns session,time,item,category)'}`, fatal: true });
          }
          const named = (f: Field) => (columns[f] === undefined || data ? undefined : header[columns[f]!]?.trim().toLowerCase());
          codes = own(ACTION_CODES, named('action') ?? '');
          dayTime = own(DAY_TIMES, named('time') ?? '');
          offsetColumn = named('offset');
          // Lines with a quantity and no event type are order lines (an invoice export): purchases.
          if (!options.defaultAction && columns.action === undefined && columns.quantity !== undefined) fallback = 'purchase';
          if (!options.columns && !data) return []; // the header line itself
        }
      }
      const fromJson = (text: string): LogRecord[] | string => {
        try {
          return recordsFromJson(JSON.parse(text), fallback);
        } catch (error) {
          return `not valid JSON (${error instanceof Error ? error.message : String(error)})`;
        }
      };
      if (format === 'json') {
        const records = fromJson(line);
        return typeof records === 'string' ? { line: lineNo, message: records } : records;
      }
      // A JSON array of records: each element as it ends (on this line or a later one); a bad one names its line.
      if (format === 'array') {
        const out: LogRecord[] = [];
        for (const text of elements!(line)) {
          const records = fromJson(text);
          if (typeof records === 'string') return { line: lineNo, message: records };
          out.push(...records);
        }
        return out;
      }
      // A quoted field may go on over lines: the record ends where its quotes close.
      const text = open ? `${open.text}\n${line}` : line;
      if (quotes(text) % 2) {
        open = { text, lines: (open?.lines ?? 0) + 1, from: open?.from ?? lineNo };
        const most = visits ? MAX_LIST_LINES : MAX_RECORD_LINES;
        if (open.lines < most) return [];
        const from = open.from;
        open = undefined;
        return { line: from, message: `a quote opened here is not closed within ${most} lines (these lines are skipped)` };
      }
      const started = open?.from ?? lineNo;
      open = undefined;
      const cells = splitCsv(text, delimiter);
      if (visits) {
        const items = [...(cells[visits.prev] ?? '').matchAll(LISTED)].map((m) => (m[1] ?? m[2])!);
        const next = cells[visits.next]?.trim();
        if (next) items.push(next);
        if (!items.length) return { line: started, message: 'no items in prev_items' };
        const session = `${visits.locale >= 0 ? `${cells[visits.locale]?.trim()}:` : ''}${started}`;
        return items.map((item): LogRecord => ({ session, item, time: BY_ORDER + ++visits!.records, action: 'view' }));
      }
      const cell = (f: Field) => (columns[f] === undefined ? undefined : cells[columns[f]!]?.trim());
      const type = cell('action');
      const action = (codes && type && /^\d$/.test(type) ? codes[Number(type)] : undefined) ?? readAction(type, fallback);
      if (!action) return [];
      const quantity = cell('quantity');
      if (quantity !== undefined && quantity !== '' && Number(quantity) <= 0) return []; // a return or cancellation
      const offset = cell('offset');
      const day = dayTime?.(cell('time') ?? '');
      const time = byLine ? BY_ORDER + lineNo : offset ? (day ?? readTime(cell('time'))) + offsetMs(offsetColumn, offset) : (day ?? cell('time'));
      // In a log of events, a whole event about no item (a view of a page that is no product's) is nothing to read, not a bad line.
      if (columns.action !== undefined && !cell('item') && cell('session') && Number.isFinite(readTime(time))) return [];
      const r = record(cell('session'), cell('item'), time, action, { category: cell('category'), brand: cell('brand'), price: Number(cell('price') ?? NaN) }, cell('action'));
      return typeof r === 'string' ? { line: lineNo, message: r } : [r];
    },
  };
}
