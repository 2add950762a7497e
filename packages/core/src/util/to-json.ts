/** Characters JSON text must escape: quote, backslash, controls, and lone surrogates (with the u flag a pair is one match-free code point). */
const ESCAPE = /["\\\u0000-\u001f]|\p{Cs}/gu;
const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escape = (c: string) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

function write(value: unknown, out: string[]): boolean {
  switch (typeof value) {
    case 'string':
      out.push('"', value.replace(ESCAPE, escape), '"');
      return true;
    case 'number':
      out.push(Number.isFinite(value) ? String(value) : 'null');
      return true;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return true;
    case 'object':
      if (value === null) {
        out.push('null');
      } else if (Array.isArray(value)) {
        out.push('[');
        for (let i = 0; i < value.length; i++) {
          if (i) out.push(',');
          if (!write(value[i], out)) out.push('null');
        }
        out.push(']');
      } else {
        out.push('{');
        let first = true;
        for (const key of Object.keys(value)) {
          const mark = out.length;
          out.push(first ? '' : ',', '"', key.replace(ESCAPE, escape), '":');
          if (write((value as Record<string, unknown>)[key], out)) first = false;
          else out.length = mark; // undefined and functions are left out, as JSON.stringify does
        }
        out.push('}');
      }
      return true;
    default:
      return false;
  }
}

/**
 * JSON text of plain data (what events, batches and the profile are). Our own, because a host page
 * may replace `JSON.stringify` or add `toJSON` to `Array.prototype` or `Object.prototype` (old
 * libraries did), and what goes on the wire or into storage must still be valid JSON. Only own
 * enumerable keys are written; `toJSON` is never called.
 */
export function toJson(value: unknown): string {
  const out: string[] = [];
  return write(value, out) ? out.join('') : 'null';
}
