/** An answer other than 2xx, with what a client should read: the status, a message, and the issues by path. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly issues?: { path: string; message: string; [more: string]: unknown }[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Whether `error` says the database cannot be reached right now (refused, gone, restarting), rather than a bug. */
export function isDatabaseDown(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(e.code ?? '')) return true;
  // PostgreSQL: class 08 (connection exception), 57P01–57P03 (shutting down, cannot connect now).
  if (/^08|^57P0[1-3]$/.test(e.code ?? '')) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect|PGlite is closed/i.test(e.message ?? '');
}

/** How long to wait before trying again when the database is away, in seconds. */
export const RETRY_AFTER_S = 5;
