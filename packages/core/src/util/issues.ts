/** One problem with outside input: where it is (a JSON-ish path) and what is wrong, in plain words. */
export interface Issue {
  path: string;
  message: string;
}

/** The outcome of checking outside input: the clean value, or every issue found. */
export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

/** `['items', 0, 'item_id']` → `items[0].item_id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** Turns zod issues into our issues. */
export function toIssues(zodIssues: readonly { path: readonly PropertyKey[]; message: string }[]): Issue[] {
  return zodIssues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/** `items[0].item_id: expected string; search_term: required` — for one console line. */
export function issuesToText(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
}
