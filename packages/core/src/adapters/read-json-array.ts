import type { Slicer } from '../util/slicer.ts';

// A large catalog's products are checked the quick way first (it loads with this reader).
export { quickProduct } from './quick-product.ts';

/** How often (in characters) the scanner asks whether its slice is used up. */
const CHECK_EVERY = 16_384;

/** Thrown for text that is not a JSON array at its top level (nor an object with a "products" array). */
export class NotAnArrayError extends Error {}

/**
 * A text up to this size (characters, or bytes of a stream) is gathered whole and parsed in one native
 * JSON.parse — a few tens of ms, the fastest way there is — and only its elements are then handed on in
 * slices. A longer one is read element by element as it comes, never held whole.
 */
export const READ_AT_ONCE = 4 * 1024 * 1024;
/** The fast path parses at most this much text in one go. */
const FAST_BATCH = 65_536;
/** Between two objects of an array: `}`, a comma, `{` (spaces allowed). */
const BOUNDARY = /\}\s*,\s*(?=\{)/g;

/** An object's text before its "products" array is kept whole while it is read: at most this much. */
const MAX_PREAMBLE = 1 << 20;

/**
 * Where the "products" array of an object's text starts (the index of its "["), or -1 when the text so
 * far does not tell yet. Throws when the object ends without one.
 */
function productsStart(text: string): number {
  let depth = 0;
  let key = '';
  let colon = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (end >= text.length) return -1;
      if (depth === 1 && !colon) key = text.slice(i + 1, end);
      i = end;
    } else if (c === ':' && depth === 1) colon = true;
    else if (c === ',' && depth === 1) (key = ''), (colon = false);
    else if (c === '{' || c === '[') {
      if (c === '[' && depth === 1 && colon && key === 'products') return i;
      depth++;
    } else if ((c === '}' || c === ']') && --depth === 0) throw new NotAnArrayError('has no "products" array');
  }
  return -1;
}

/** What {@link readJsonArray} read: how many elements, and an object's other members (e.g. its "ranking"). */
export interface ReadArray {
  count: number;
  members?: Record<string, unknown>;
}

/**
 * Reads a JSON array element by element from a stream (or text) in short slices, so a catalog of any
 * size never blocks the page: each element's text is parsed on its own and handed to `onItem`
 * (`undefined` with the error when that element is not valid JSON). Only the element being read is
 * held, never the whole text — past `atOnce` characters (see {@link READ_AT_ONCE}); a text up to that
 * is parsed whole, and read element by element only when that fails, to name what is wrong. An object
 * is read the same way through its "products" array; its other members (small: a catalog's
 * "ranking") come back whole.
 */
export async function readJsonArray(
  source: ReadableStream<Uint8Array> | string,
  onItem: (value: unknown, index: number, error?: string) => void,
  slicer: Slicer,
  atOnce = READ_AT_ONCE,
): Promise<ReadArray> {
  /** An object's text up to its "products" array, and after it. */
  let preamble: string | undefined;
  let trailer = '';
  let buf = '';
  let pos = 0;
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let start = -1;
  let index = 0;
  /** Elements read but not yet parsed: start and end offsets in `buf`, in pairs. */
  let marks: number[] = [];

  const emit = (text: string) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      onItem(undefined, index++, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    onItem(value, index++);
  };
  /** Parses the elements read so far in one go; when that fails, one by one, to say which one is wrong. */
  const flush = () => {
    if (!marks.length) return;
    let values: unknown;
    try {
      if (marks.length > 2) values = JSON.parse(`[${buf.slice(marks[0], marks[marks.length - 1])}]`);
    } catch {}
    const all = Array.isArray(values) && values.length === marks.length / 2 ? values : undefined;
    for (let i = 0; i < marks.length; i += 2) all ? onItem(all[i / 2], index++) : emit(buf.slice(marks[i], marks[i + 1]).trim());
    marks = [];
  };
  const mark = (end: number) => {
    marks.push(start, end);
    start = -1;
  };
  /** The fast path is not tried again before here (a batch it could not parse is read the careful way). */
  let carefulUntil = 0;
  /**
   * The fast path, between elements: the text up to the last `}` that a `,` and a `{` follow (objects,
   * as catalogs are) is parsed in one go, natively. If it does not parse (a bad element, or a `},{` that
   * was inside a string or a nested array), the careful scan below reads that stretch and names what is
   * wrong. Returns false when there is nothing it can take.
   */
  const fast = (): boolean => {
    let from = pos;
    for (let c = buf.charCodeAt(from); c === 44 || c === 32 || c === 10 || c === 13 || c === 9; c = buf.charCodeAt(++from));
    if (buf.charCodeAt(from) !== 123 /* { */) return false;
    const window = buf.slice(from, from + FAST_BATCH);
    let cut = -1;
    for (const match of window.matchAll(BOUNDARY)) cut = match.index;
    if (cut < 0) return false;
    let values: unknown;
    try {
      values = JSON.parse(`[${window.slice(0, cut + 1)}]`);
    } catch {}
    if (!Array.isArray(values)) {
      carefulUntil = from + cut + 1;
      return false;
    }
    for (const value of values) onItem(value, index++);
    pos = from + cut + 1;
    return true;
  };

  const scan = async () => {
    if (!started) {
      const text = buf.replace(/^[\s\ufeff]+/, '');
      if (text[0] === '{') {
        const at = productsStart(text);
        if (at < 0) {
          if (text.length > MAX_PREAMBLE) throw new NotAnArrayError('has no "products" array near its start');
          return; // more text first
        }
        preamble = text.slice(0, at);
        buf = text.slice(at + 1);
        pos = 0;
        started = true;
      }
    }
    let budget = CHECK_EVERY;
    while (pos < buf.length) {
      if (started && !ended && depth === 0 && !inString && start < 0 && pos >= carefulUntil) {
        flush();
        if (fast()) {
          if (slicer.due()) await slicer.pause();
          continue;
        }
      }
      if (budget <= 0) {
        budget = CHECK_EVERY;
        flush();
        if (slicer.due()) await slicer.pause();
      }
      if (inString) {
        // Straight to the next quote; it closes the string unless an odd run of backslashes escapes it.
        const quote = buf.indexOf('"', pos);
        const next = quote < 0 ? buf.length : quote + 1;
        budget -= next - pos;
        pos = next;
        if (quote < 0) break;
        let slash = quote;
        while (buf.charCodeAt(slash - 1) === 92 /* \ */) slash--;
        if ((quote - slash) % 2 === 0) inString = false;
        continue;
      }
      const at = pos++;
      budget--;
      const c = buf.charCodeAt(at);
      const space = c === 32 || c === 10 || c === 13 || c === 9;
      if (!started) {
        if (space || c === 0xfeff) continue;
        if (c !== 91 /* [ */) throw new NotAnArrayError('must be a JSON array of products, or an object with a "products" array');
        started = true;
        continue;
      }
      if (ended) {
        if (preamble !== undefined) {
          trailer += buf.slice(at);
          pos = buf.length;
          break;
        }
        if (!space) throw new NotAnArrayError('has text after the end of its array');
        continue;
      }
      if (c === 34) {
        inString = true;
        if (depth === 0 && start < 0) start = at;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (depth === 0 && start < 0) start = at;
        depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        if (depth === 0) {
          if (c !== 93) throw new NotAnArrayError('has an unbalanced "}"');
          if (start >= 0) mark(at);
          ended = true;
        } else if (--depth === 0) {
          mark(at + 1);
        }
      } else if (c === 44 /* , */ && depth === 0) {
        if (start >= 0) mark(at);
      } else if (depth === 0 && start < 0 && !space) {
        start = at;
      }
    }
    flush();
    // Keep only the element being read.
    if (start >= 0) {
      buf = buf.slice(start);
      pos -= start;
      start = 0;
    } else {
      buf = '';
      pos = 0;
    }
  };

  /** The whole text's elements, if it parses as an array or a catalog object; else undefined (the careful way says why). */
  const whole = async (text: string): Promise<ReadArray | undefined> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    const list = object ? object.products : value;
    if (!Array.isArray(list)) return undefined;
    for (let i = 0; i < list.length; i++) {
      onItem(list[i], index++);
      // (The clock is read every few elements: reading it costs as much as a quick check.)
      if (index % 32 === 0 && slicer.due()) await slicer.pause();
    }
    if (!object) return { count: index };
    const { products: _, ...members } = object;
    return { count: index, members };
  };

  if (typeof source === 'string') {
    const read = source.length <= atOnce ? await whole(source) : undefined;
    if (read) return read;
    buf = source;
    await scan();
  } else {
    const reader = source.getReader();
    const decoder = new TextDecoder();
    /** The bytes so far, while they may be parsed whole (decoded once, at the end). */
    let gathered: Uint8Array[] | undefined = atOnce > 0 ? [] : undefined;
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (gathered) {
        if (value) gathered.push(value), (bytes += value.length);
        // (Each character is at least a byte: a text of at most `atOnce` bytes has at most as many characters.)
        if (bytes <= atOnce) {
          if (!done) continue;
          // Decoded here, at once (a Blob's text() would wait for the browser's other process: tens of ms).
          const all = new Uint8Array(bytes);
          let at = 0;
          for (const chunk of gathered) all.set(chunk, at), (at += chunk.length);
          const read = await whole(decoder.decode(all));
          if (read) return read;
        }
        for (const chunk of gathered) buf += decoder.decode(chunk, { stream: true });
        gathered = undefined;
        if (done) buf += decoder.decode();
      } else buf += done ? decoder.decode() : decoder.decode(value, { stream: true });
      await scan();
      if (done) break;
    }
  }
  if (!started) throw new NotAnArrayError('must be a JSON array of products, or an object with a "products" array');
  if (!ended) throw new NotAnArrayError('ends before its array does (cut off?)');
  if (preamble === undefined) return { count: index };
  const { products: _, ...members } = JSON.parse(`${preamble}[]${trailer}`) as Record<string, unknown>;
  return { count: index, members };
}
