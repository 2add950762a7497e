// The database under the server (#18): migrations applied once (also by two servers starting
// together), PGlite's folder held by one process only, and a PostgreSQL server that goes away: 503
// with Retry-After while it is down, everything stored once it is back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, migrations } from './db/migrate.ts';
import { openPglite } from './db/pglite.ts';
import { openPostgres } from './db/postgres.ts';
import { FolderLockedError } from './db/lock-file.ts';
import { DATABASES, testDatabase } from './test-support/databases.ts';
import { postEvents, shopEvent, testApp } from './test-support/harness.ts';
// @ts-expect-error: a plain ESM helper shared with the bench
import { startPostgresCluster } from '../../../scripts/postgres-cluster.mjs';

describe.each(DATABASES)('migrations on %s', (kind) => {
  it('apply once, in order; again is nothing to do; a database newer than the server is refused with a clear message', async () => {
    const db = await testDatabase(kind); // (migrated)
    try {
      expect(await migrate(db)).toEqual([]);
      const { rows } = await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.name)).toEqual(migrations().map((m) => m.name));
      await Promise.all([migrate(db), migrate(db)]); // two servers starting at once
      await db.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, $1, 0)', ['999_from_the_future']);
      await expect(migrate(db)).rejects.toThrow(/migration 999, newer than this server knows/);
    } finally {
      await db.close();
    }
  });
});

describe('the embedded database’s folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shopscene-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is held by one process: a second opening refuses with a message that says what to do; a lock left by a dead process is taken over', async () => {
    const first = await openPglite(dir);
    try {
      await migrate(first);
      const error = await openPglite(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FolderLockedError);
      expect(String((error as Error).message)).toMatch(new RegExp(`${dir}.*in use by another shopscene server \\(pid ${process.pid}\\).*--data DIR.*DATABASE_URL`));
    } finally {
      await first.close();
    }
    // A lock from a process that is gone (a kill -9): the next start takes the folder, data intact.
    writeFileSync(join(dir, 'shopscene.lock'), JSON.stringify({ pid: 2 ** 22 + 17, host: (await import('node:os')).hostname() }));
    const again = await openPglite(dir);
    expect((await again.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations')).rows[0]!.n).toBe(migrations().length);
    await again.close();
  });
});

describe('a PostgreSQL server that goes away', () => {
  it('events get 503 with Retry-After while it is down; once it is back they are stored, each once', async () => {
    const cluster = await startPostgresCluster();
    const db = await openPostgres(cluster.url);
    try {
      await migrate(db);
      const { app, store } = await testApp(db);
      const shop = await store();
      const before = shopEvent({ session_id: 'outage' });
      expect((await postEvents(app, shop.writeKey, [before])).statusCode).toBe(200);
      cluster.pause();
      const during = shopEvent({ session_id: 'outage' });
      const down = await postEvents(app, shop.writeKey, [during]);
      expect(down.statusCode).toBe(503);
      expect(Number(down.headers['retry-after'])).toBeGreaterThan(0);
      expect(down.json().error).toMatch(/database cannot be reached/);
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(503);
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      cluster.resume();
      // The SDK sends again after Retry-After: the same batch, now stored; and the earlier one is not doubled.
      let again = await postEvents(app, shop.writeKey, [before, during]);
      for (let i = 0; again.statusCode === 503 && i < 40; i++) {
        await new Promise((r) => setTimeout(r, 250));
        again = await postEvents(app, shop.writeKey, [before, during]);
      }
      expect(again.json()).toEqual({ accepted: 1, duplicates: 1 });
      expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE body->>'session_id' = 'outage'")).rows[0]!.n).toBe(2);
      expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      await app.close();
    } finally {
      await db.close().catch(() => {});
      cluster.stop();
    }
  });
});
