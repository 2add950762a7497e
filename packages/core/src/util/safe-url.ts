const SCHEME = /^[a-z][a-z\d+.-]*:/i;
/** C0 controls and DEL anywhere (browsers drop tabs and newlines inside a URL: `java\nscript:`). */
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * True for an `http(s)` URL or a relative path on this site. Refused: other schemes (`javascript:`,
 * `data:`, and any scheme with a dot such as `x.javascript:` or `com.example.app:`), `//host/…` and
 * anything with a backslash (browsers read `/\host` as `//host`), controls, leading or trailing spaces.
 */
export function isSafeUrl(url: string): boolean {
  if (!url || CONTROL.test(url) || url.includes('\\') || url.trim() !== url) return false;
  const scheme = SCHEME.exec(url)?.[0].toLowerCase();
  if (scheme) return (scheme === 'http:' || scheme === 'https:') && url.slice(scheme.length).startsWith('//') && url.length > scheme.length + 2;
  return !url.startsWith('//');
}
