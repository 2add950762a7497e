// One command (#18): `npx shopscene-server` serves our contract on an embedded database with nothing
// else installed; a second process on the same folder refuses; SIGTERM lets what is under way finish;
// a database that cannot be reached is a clear message and an exit code.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shopEvent } from './test-support/harness.ts';

const ROOT = join(import.meta.dirname, '../../..');
const folders: string[] = [];
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/**
 * Runs the installed `shopscene-server` in the repository (node_modules/.bin, what `npx shopscene-server`
 * runs; started directly so that a signal reaches the server, not npx); collects what it prints.
 */
function run(args: string[], env: Record<string, string> = {}, viaNpx = false) {
  const [command, first] = viaNpx ? ['npx', ['--no-install', 'shopscene-server']] : [join(ROOT, 'node_modules/.bin/shopscene-server'), []];
  const child = spawn(command, [...first, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  // 'close', not 'exit': by then all it printed has been read.
  const exited = new Promise<number>((resolve) => child.on('close', (code, signal) => (children.delete(child), resolve(code ?? (signal ? 128 : 1)))));
  /** Waits until the output matches (or the process ends, which fails with what it said). */
  const waitFor = async (pattern: RegExp, ms = 60_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const m = output.match(pattern);
      if (m) return m;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} in:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, waitFor, output: () => output };
}
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'shopscene-cli-'));
  folders.push(dir);
  return dir;
};

describe('npx shopscene-server', () => {
  it('starts on an embedded database with the catalog and scenes given, prints its keys, and serves the contract', async () => {
    const data = folder();
    const server = run(['--port', '0', '--data', data, '--catalog', 'demo/public/generated/catalog.json', '--scenes', 'demo/public/scenes/spring-festival.json', '--log-level', 'warn']);
    const [, url] = await server.waitFor(/shopscene server on (http:\/\/127\.0\.0\.1:\d+)/);
    const [, key] = await server.waitFor(/write key (pk_\w+)/);
    await server.waitFor(/scenes: version \d+/); // the last line it prints at start (the pipe may bring them in several reads)
    expect(server.output()).toMatch(/admin token sk_\w+ \(shown once/);
    expect(server.output()).toMatch(/embedded: for a laptop, a demo or a small store/);
    expect(server.output()).toMatch(/catalog: \d+ products/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const events = await fetch(`${url}/v1/events?key=${key}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ events: [shopEvent(), shopEvent()], sent_at: Date.now() }) });
    expect(await events.json()).toEqual({ accepted: 2, duplicates: 0 });
    const page = await (await fetch(`${url}/v1/recommendations?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ placement: 'guess-you-like', limit: 4 }) })).json();
    expect(page.items).toHaveLength(4);
    expect((await fetch(`${url}/v1/scenes?key=${key}`)).status).toBe(200);

    // A second server on the same folder refuses, saying what to do.
    const second = run(['--port', '0', '--data', data]);
    expect(await second.exited).toBe(2);
    expect(second.output()).toMatch(/in use by another shopscene server.*--data DIR/s);

    // SIGTERM: requests under way finish (their events stored), then it exits 0.
    const flood = Array.from({ length: 20 }, () =>
      fetch(`${url}/v1/events?key=${key}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ events: Array.from({ length: 20 }, () => shopEvent()), sent_at: Date.now() }) })
        .then((r) => r.status)
        .catch(() => 0),
    );
    await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGTERM');
    const statuses = await Promise.all(flood);
    expect(await server.exited).toBe(0);
    expect(server.output()).toMatch(/SIGTERM: finishing the requests under way/);
    const acknowledged = statuses.filter((s) => s === 200).length;

    // Started again on the same folder: the same store and keys; every acknowledged event is there.
    const again = run(['--port', '0', '--data', data, '--log-level', 'warn']);
    const [, url2] = await again.waitFor(/shopscene server on (http:\/\/127\.0\.0\.1:\d+)/);
    await again.waitFor(/origins allowed/); // its last line at start
    expect(again.output()).toContain(key);
    expect(again.output()).not.toMatch(/admin token sk_/); // shown once, when made
    const [, token] = server.output().match(/admin token (sk_\w+)/)!;
    const runs = await fetch(`${url2}/v1/admin/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect((await runs.json()).events).toBeGreaterThanOrEqual(2 + acknowledged * 20);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('a PostgreSQL server that cannot be reached: a clear message naming it (without its password), and exit code 2', async () => {
    const server = run(['--port', '0'], { DATABASE_URL: 'postgres://shop:secret@127.0.0.1:1/shop', SHOPSCENE_DB_WAIT: '1s' });
    expect(await server.exited).toBe(2);
    expect(server.output()).toMatch(/cannot open the PostgreSQL server at postgres:\/\/shop:\*\*\*@127\.0\.0\.1:1\/shop.*is it running/s);
    expect(server.output()).not.toContain('secret');
  });

  it('help (through npx, as the README has it), and an unknown command', async () => {
    const help = run(['help'], {}, true);
    expect(await help.exited).toBe(0);
    expect(help.output()).toMatch(/DATABASE_URL=postgres/);
    const unknown = run(['serve-me']);
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toMatch(/unknown command "serve-me"/);
  });
});
