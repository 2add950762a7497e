import { toJson } from './to-json.ts';

/** The parts of a zod issue our messages read (zod/mini ships no English messages of its own). */
interface RawIssue {
  code?: string;
  expected?: string;
  input?: unknown;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  values?: unknown[];
  keys?: string[];
  format?: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'object') return 'an object';
  return typeof value === 'undefined' ? 'nothing' : `${typeof value} ${toJson(value).slice(0, 40)}`;
}

/**
 * Plain-language messages for zod issues, passed per parse (`safeParse(x, { error: issueMessage })`)
 * so we never change zod's global config under a host page that uses zod too.
 */
export function issueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required (${issue.expected})` : `Invalid input: expected ${issue.expected}, received ${describe(issue.input)}`;
    case 'too_small':
      return issue.origin === 'string' ? `must be at least ${issue.minimum} characters` : issue.origin === 'array' ? `must have at least ${issue.minimum} entries` : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `must be at most ${issue.maximum} characters` : issue.origin === 'array' ? `must have at most ${issue.maximum} entries` : `must be at most ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${(issue.values ?? []).map((v) => toJson(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${(issue.keys ?? []).length > 1 ? 's' : ''} ${(issue.keys ?? []).map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'invalid_union':
      return `Invalid input: received ${describe(issue.input)}`;
    default:
      return undefined;
  }
}
