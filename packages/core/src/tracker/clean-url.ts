/** Longest page URL, path and referrer an event keeps, in characters (GA4 keeps 1,000 of `page_location`). */
export const MAX_URL_LENGTH = 1000;

/**
 * Query parameters left out of the page URLs and referrers in events, whatever the store adds with
 * `dropParams` (matched without regard to case): what sign-in, password-reset and newsletter links
 * carry and a store never meant to collect.
 */
export const DROPPED_PARAMS = ['token', 'access_token', 'id_token', 'refresh_token', 'auth', 'password', 'passwd', 'pwd', 'secret', 'email', 'mail', 'api_key', 'apikey', 'session_id', 'sessionid', 'otp'];

// Bounded parts, so the search takes linear time on any text (a 500 KB URL of one long word included);
// the local part without what separates a URL's parts (/ ? # & =), which it may hold but never does here.
const EMAIL = /[\w.!$%'*+^`{|}~-]{1,64}(?:@|%40)[a-z\d-]{1,63}(?:\.[a-z\d-]{1,63}){1,8}/gi;

const unescaped = (key: string) => {
  try {
    return decodeURIComponent(key).toLowerCase();
  } catch {
    return key.toLowerCase(); // a malformed escape: the key as written
  }
};

/**
 * A URL (or path) as events may carry it: the parameters named in `drop` left out of its query and
 * of a fragment written like one (`#access_token=…`), e-mail addresses replaced by `(redacted)`, and
 * cut to {@link MAX_URL_LENGTH} characters.
 */
export function cleanUrl(url: string, drop: ReadonlySet<string>): string {
  return (
    url
      // Each `key=value` after ?, & or #: a dropped key leaves only its separator, and the separators left over go.
      .replace(/([?&#])([^&#=]*)(=[^&#]*)?/g, (pair, separator: string, key: string) => (drop.has(unescaped(key)) ? separator : pair))
      .replace(/([?&#])&+/g, '$1')
      .replace(/[?&]+(#|$)/, '$1')
      // Cut with room first, so an address across the cut is still seen whole.
      .slice(0, MAX_URL_LENGTH + 200)
      .replace(EMAIL, '(redacted)')
      .slice(0, MAX_URL_LENGTH)
  );
}
