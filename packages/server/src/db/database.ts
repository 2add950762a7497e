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
