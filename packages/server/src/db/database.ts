import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** A statement's result: its rows, and how many rows it touched. */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** What runs statements: the database, or one transaction of it. Every value goes in `params`, never in the text. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The server's database: PGlite in a folder (the embedded default) or a PostgreSQL server — the same
 * schema and the same SQL on both. Times are epoch ms in `bigint` columns, read back as numbers.
 */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Takes the lock `name` for this process, or answers null at once when another holder has it; the
   * function it gives back lets go. On PostgreSQL an advisory lock (any number of servers on one
   * database), released by the database if the process dies; on PGlite, whose folder only one process
   * may open, a lock in memory.
   */
  tryLock(name: string): Promise<(() => Promise<void>) | null>;
  /** Checks the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Where the database is: a PostgreSQL URL, or a folder for PGlite (`memory://` for one in memory). */
export interface DatabaseOptions {
  /** `postgres://…`: a PostgreSQL server (DATABASE_URL). */
  url?: string;
  /** PGlite's data folder. @default ./shopscene-data */
  dataDir?: string;
  /** How long to wait for a PostgreSQL server that is not up yet, at start. @default 10 s */
  waitMs?: number;
}

/** Opens the database the options name: PostgreSQL with a URL, else PGlite in its folder. */
export async function openDatabase(options: DatabaseOptions): Promise<Db> {
  return options.url ? openPostgres(options.url) : openPglite(options.dataDir ?? './shopscene-data');
}
