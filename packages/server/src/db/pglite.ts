import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryResult, Queryable } from './database.ts';
import { lockFolder } from './lock-file.ts';

const result = <R>(r: { rows: unknown[]; affectedRows?: number }): QueryResult<R> => ({ rows: r.rows as R[], rowCount: r.affectedRows ?? r.rows.length });

/**
 * PGlite, PostgreSQL compiled to WebAssembly, in a folder on disk: single-user, one connection (every
 * statement waits its turn), fsync off (what the OS has survives a killed process; a power cut may
 * lose the last commits). The folder is locked for this process; a first start initialises into a
 * temporary folder and renames it, so an interrupted one never leaves a half-made database.
 */
export async function openPglite(dataDir: string): Promise<Db> {
  if (dataDir.startsWith('memory://')) return wrap(await PGlite.create(dataDir), () => {});
  const folder = resolve(dataDir);
  mkdirSync(dirname(folder), { recursive: true });
  mkdirSync(folder, { recursive: true });
  const unlock = lockFolder(folder);
  try {
    const pgdata = join(folder, 'pgdata');
    if (!existsSync(pgdata)) {
      const fresh = join(folder, `pgdata.init-${process.pid}`);
      rmSync(fresh, { recursive: true, force: true });
      const init = await PGlite.create(fresh);
      await init.close();
      renameSync(fresh, pgdata);
    }
    return wrap(await PGlite.create(pgdata), unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

function wrap(pg: PGlite, unlock: () => void): Db {
  const held = new Set<string>();
  const query = async <R>(sql: string, params?: unknown[]) => result<R>(await pg.query(sql, params));
  return {
    kind: 'pglite',
    query,
    exec: async (sql) => void (await pg.exec(sql)),
    transaction: (fn) =>
      pg.transaction(async (tx) => {
        const scoped: Queryable = { query: async <R>(sql: string, params?: unknown[]) => result<R>(await tx.query(sql, params)), exec: async (sql) => void (await tx.exec(sql)) };
        return fn(scoped);
      }),
    async tryLock(name) {
      if (held.has(name)) return null;
      held.add(name);
      return async () => void held.delete(name);
    },
    ping: async () => void (await pg.query('SELECT 1')),
    async close() {
      try {
        await pg.close();
      } finally {
        unlock();
      }
    },
  };
}
