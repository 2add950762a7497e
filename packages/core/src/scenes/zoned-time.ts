const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows this IANA time zone, e.g. "Asia/Shanghai". */
export function isTimeZone(timeZone: string): boolean {
  try {
    format(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** How far `timeZone` is ahead of UTC at the instant `utc`, in ms (daylight saving included). */
function offsetAt(utc: number, timeZone: string): number {
  const parts = Object.fromEntries(format(timeZone).formatToParts(new Date(utc)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(utc / 1000) * 1000;
}

/** `2027-01-28`, `2027-01-28T20:00`, `…T20:00:00+08:00` or `…Z`. */
export const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An instant from a date-time as marketers write it: with an offset or `Z` it is absolute; without,
 * it is wall-clock time in `timeZone`. Returns NaN for anything else.
 */
export function parseZoned(text: string, timeZone: string): number {
  const m = DATE_TIME.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m;
  if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h > 23 || +mi > 59 || +s > 59) return NaN;
  const naive = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s);
  if (new Date(naive).getUTCDate() !== +d!) return NaN; // 2027-02-30
  if (zone) {
    if (zone === 'Z') return naive;
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    return naive - sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000;
  }
  // Wall-clock time: guess with the offset at the naive instant, then correct once across a DST edge.
  const first = naive - offsetAt(naive, timeZone);
  const second = naive - offsetAt(first, timeZone);
  return second;
}
