import { readdirSync, readFileSync } from 'node:fs';
import type { Db } from './database.ts';

/** The folder of numbered migrations (`001_init.sql`, …), beside src/ and dist/ alike. */
export const MIGRATIONS = new URL('../../sql/migrations/', import.meta.url);

/** A migration: its number, name and SQL. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations shipped with this server, in order. */
export function migrations(folder: URL = MIGRATIONS): Migration[] {
  return readdirSync(folder)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number.parseInt(f, 10), name: f.replace(/\.sql$/, ''), sql: readFileSync(new URL(f, folder), 'utf8') }));
}

/** The database's schema is newer than this server knows: the message says so. */
export class SchemaTooNewError extends Error {}

/**
 * Brings the schema up to date: the migrations not yet applied, in order, in one transaction that
 * holds an advisory lock, so servers starting together on one database apply each once. Returns the
 * names applied.
 */
export async function migrate(db: Db, all: Migration[] = migrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['shopscene.migrate']);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    const done = new Set(rows.map((r) => r.version));
    const newest = all.at(-1)?.version ?? 0;
    const ahead = rows.filter((r) => r.version > newest);
    if (ahead.length) throw new SchemaTooNewError(`the database has migration ${ahead.at(-1)!.version}, newer than this server knows (${newest}): run a newer shopscene server`);
    const applied: string[] = [];
    for (const m of all) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
      applied.push(m.name);
    }
    return applied;
  });
}

/** Whether every migration this server ships has been applied (for /readyz). */
export async function migrated(db: Db, all: Migration[] = migrations()): Promise<boolean> {
  try {
    const { rows } = await db.query<{ version: number }>('SELECT max(version) AS version FROM schema_migrations');
    return (rows[0]?.version ?? 0) >= (all.at(-1)?.version ?? 0);
  } catch {
    return false;
  }
}
