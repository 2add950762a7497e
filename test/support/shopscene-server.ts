// The shopscene server as a process of its own (what `npx shopscene-server` runs), for the browser
// tests: on a fixed loopback port so it can be killed and started again where pages expect it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: plain ESM helpers shared with the bench
import { freePort } from '../../scripts/postgres-cluster.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  key: string;
  adminToken: string;
  /** Starts it (again): on the same port, folder or database. */
  start(): Promise<void>;
  /** Stops it: SIGKILL as a crash, SIGTERM as an operator. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Every event the store holds, as the SDK sent it (GET /v1/admin/events.jsonl). */
  events(): Promise<{ event_id: string; name: string }[]>;
  /** Removes its folder. */
  dispose(): Promise<void>;
}

/** A shopscene server process with fixed keys: PGlite in a temporary folder, or the PostgreSQL at `databaseUrl`. */
export async function startServerProcess(options: { databaseUrl?: string; args?: string[] } = {}): Promise<ServerProcess> {
  const port: number = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'shopscene-e2e-'));
  const key = `pk_${randomBytes(12).toString('hex')}`;
  const adminToken = `sk_${randomBytes(16).toString('hex')}`;
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';
  const start = () =>
    new Promise<void>((resolve, reject) => {
      child = spawn(join(ROOT, 'node_modules/.bin/shopscene-server'), ['--port', String(port), '--data', data, '--log-level', 'warn', '--refresh-every', '0', ...(options.args ?? [])], {
        cwd: ROOT,
        env: { ...process.env, SHOPSCENE_WRITE_KEY: key, SHOPSCENE_ADMIN_TOKEN: adminToken, ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const mine = child;
      mine.stderr!.on('data', (d) => {
        output += d;
        if (output.includes(`shopscene server on ${url}`)) resolve();
      });
      mine.once('exit', (code, signal) => {
        if (child === mine) child = undefined;
        reject(new Error(`the server stopped (${code ?? signal}):\n${output}`));
      });
    });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      const running = child;
      if (!running) return resolve();
      output = '';
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  await start();
  return {
    url,
    key,
    adminToken,
    start: () => ((output = ''), start()),
    stop,
    async events() {
      const text = await (await fetch(`${url}/v1/admin/events.jsonl`, { headers: { authorization: `Bearer ${adminToken}` } })).text();
      return text.trim() ? text.trim().split('\n').map((l) => JSON.parse(l)) : [];
    },
    async dispose() {
      await stop('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    },
  };
}
