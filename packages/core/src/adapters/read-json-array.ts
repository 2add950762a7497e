import type { Slicer } from '../util/slicer.ts';

/** How often (in characters) the scanner asks whether its slice is used up. */
const CHECK_EVERY = 16_384;

/** Thrown for text that is not a JSON array at its top level. */
export class NotAnArrayError extends Error {}

/**
 * Reads a JSON array element by element from a stream (or text) in short slices, so a catalog of any
 * size never blocks the page: each element's text is parsed on its own and handed to `onItem`
 * (`undefined` with the error when that element is not valid JSON). Only the element being read is
 * held, never the whole text.
 */
export async function readJsonArray(
  source: ReadableStream<Uint8Array> | string,
  onItem: (value: unknown, index: number, error?: string) => void,
  slicer: Slicer,
): Promise<number> {
  let buf = '';
  let pos = 0;
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  let index = 0;

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

  const scan = async () => {
    let sinceCheck = 0;
    for (; pos < buf.length; pos++) {
      if (++sinceCheck >= CHECK_EVERY) {
        sinceCheck = 0;
        if (slicer.due()) await slicer.pause();
      }
      const c = buf.charCodeAt(pos);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92 /* \ */) escaped = true;
        else if (c === 34 /* " */) inString = false;
        continue;
      }
      const space = c === 32 || c === 10 || c === 13 || c === 9;
      if (!started) {
        if (space || c === 0xfeff) continue;
        if (c !== 91 /* [ */) throw new NotAnArrayError('must be a JSON array of products');
        started = true;
        continue;
      }
      if (ended) {
        if (!space) throw new NotAnArrayError('has text after the end of its array');
        continue;
      }
      if (c === 34) {
        inString = true;
        if (depth === 0 && start < 0) start = pos;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (depth === 0 && start < 0) start = pos;
        depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        if (depth === 0) {
          if (c !== 93) throw new NotAnArrayError('has an unbalanced "}"');
          if (start >= 0) emit(buf.slice(start, pos).trim());
          start = -1;
          ended = true;
        } else if (--depth === 0) {
          emit(buf.slice(start, pos + 1));
          start = -1;
        }
      } else if (c === 44 /* , */ && depth === 0) {
        if (start >= 0) emit(buf.slice(start, pos).trim());
        start = -1;
      } else if (depth === 0 && start < 0 && !space) {
        start = pos;
      }
    }
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

  if (typeof source === 'string') {
    buf = source;
    await scan();
  } else {
    const reader = source.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      buf += done ? decoder.decode() : decoder.decode(value, { stream: true });
      await scan();
      if (done) break;
    }
  }
  if (!started) throw new NotAnArrayError('must be a JSON array of products');
  if (!ended) throw new NotAnArrayError('ends before its array does (cut off?)');
  return index;
}
