// A throwaway PostgreSQL server for the tests and the bench: initdb into a temporary folder, pg_ctl
// on a free loopback port, trust authentication, no fsync (a test's data need not survive a power
// cut). As root (CI), it runs as Debian's `postgres` user, which may not enter root's folders: the
// folder is made in /tmp and given to it. `stop()` stops it and removes the folder.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgBin } from './ensure-postgres.mjs';

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a PostgreSQL server; resolves with its URL (user `shopscene`, database `postgres`) and a way to stop it. */
export async function startPostgresCluster({ fsync = false } = {}) {
  const bin = pgBin();
  if (!bin) throw new Error('no PostgreSQL server found: run node scripts/ensure-postgres.mjs (it installs Debian\'s package)');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const owner = root ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : undefined;
  const group = root ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : undefined;
  const dir = mkdtempSync(join(root ? '/tmp' : tmpdir(), 'shopscene-pg-'));
  if (root) chownSync(dir, owner, group);
  const run = (tool, args) => {
    const command = root ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    const result = spawnSync(command[0], command[1], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'shopscene', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  const options = [`-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1", `-c fsync=${fsync ? 'on' : 'off'}`, '-c synchronous_commit=on', '-c max_connections=200'].join(' ');
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  const url = `postgres://shopscene@127.0.0.1:${port}/postgres`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    url,
    port,
    /** Stops the server as a crash would (for fault tests); `resume()` starts it again on the same port. */
    pause: () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    resume: () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']),
    stop,
  };
}

/** A database of its own on the cluster at `url` (the tests give each file one); resolves with its URL. */
export async function createDatabase(url, name) {
  // node-postgres is the server's dependency: taken from there.
  const pg = createRequire(new URL('../packages/server/package.json', import.meta.url))('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  return url.replace(/\/[^/]*$/, `/${name}`);
}
