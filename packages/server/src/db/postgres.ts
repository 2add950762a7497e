import pg from 'pg';
import type { Db, QueryResult } from './database.ts';

// bigint (epoch ms, counts) and numeric as numbers, as PGlite gives them: the same rows on both.
const types = {
  getTypeParser: (oid: number, format?: string) => (oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')),
};

const result = <R>(r: pg.QueryResult): QueryResult<R> => ({ rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length });

/** A PostgreSQL server through node-postgres: a pool of connections; advisory locks for jobs. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Db> {
  // JIT off: our statements are short or page through an index, and PostgreSQL's cost estimates (filters
  // on JSON) made it compile each page of the refresh job's reads, 50-200 ms a page for nothing.
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000, options: '-c jit=off' });
  // A connection that fails while idle (the server restarted) is dropped from the pool, not thrown.
  pool.on('error', () => {});
  const db: Db = {
    kind: 'postgres',
    query: async <R>(sql: string, params?: unknown[]) => result<R>(await pool.query(sql, params)),
    exec: async (sql) => void (await pool.query(sql)),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn({ query: async <R>(sql: string, params?: unknown[]) => result<R>(await client.query(sql, params)), exec: async (sql) => void (await client.query(sql)) });
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async tryLock(name) {
      // A session lock on a connection of its own, held until let go (or until the process dies).
      const client = await pool.connect();
      try {
        const { rows } = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name]);
        if (!rows[0]?.locked) {
          client.release();
          return null;
        }
      } catch (error) {
        client.release(true);
        throw error;
      }
      return async () => {
        try {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
          client.release();
        } catch {
          client.release(true); // the connection went: the lock went with it
        }
      };
    },
    ping: async () => void (await pool.query('SELECT 1')),
    close: () => pool.end(),
  };
  return db;
}
