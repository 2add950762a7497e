import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Db } from '../db/database.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import { migrate } from '../db/migrate.ts';
// @ts-expect-error: a plain ESM helper shared with the bench
import { createDatabase } from '../../../../scripts/postgres-cluster.mjs';

/** The databases every integration test runs on: PGlite (the embedded default) and a real PostgreSQL server. */
export const DATABASES = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof DATABASES)[number];

/** A database of `kind` for one test file, migrated: PGlite in memory, or a database of its own on the suite's PostgreSQL server. */
export async function testDatabase(kind: DatabaseKind): Promise<Db & { url?: string }> {
  if (kind === 'pglite') {
    const db = await openPglite('memory://');
    await migrate(db);
    return db;
  }
  const url: string = await createDatabase(inject('postgresUrl'), `t_${randomBytes(6).toString('hex')}`);
  const db = await openPostgres(url);
  await migrate(db);
  return Object.assign(db, { url });
}

/** A store id no other test uses (tests share a database per file; every table leads with store_id). */
export const uniqueStore = (name = 's') => `${name}-${randomBytes(4).toString('hex')}`;
