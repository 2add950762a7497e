// @vitest-environment node
// `shopscene validate` (#12): what a merchant's CI runs on a scene file. The command line itself,
// in a child process, on files written here.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEN_MISTAKE_PATHS, withTenMistakes } from '../test-support/ten-mistakes.ts';

const CLI = join(process.cwd(), 'packages/core/bin/shopscene.mjs');
const dir = mkdtempSync(join(tmpdir(), 'shopscene-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const spring = readFileSync(join(process.cwd(), 'demo/public/scenes/spring-festival.json'), 'utf8');

async function validate(text: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const file = join(dir, `scenes-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, text);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'validate', file, ...args]);
    return { code: 0, out: stdout.replaceAll(file, 'FILE') };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}`.replaceAll(file, 'FILE') };
  }
}

describe('shopscene validate', { timeout: 60_000 }, () => {
  it('a valid file: exit 0, the timeline in the scene’s time zone, and what a shopper gets at a moment', async () => {
    const { code, out } = await validate(spring, '--at', '2027-02-02T12:00+08:00', '--as', 'ageBand=under-18');
    expect(code).toBe(0);
    expect(out).toContain('FILE: valid — 1 scene');
    expect(out).toMatch(/spring-festival-2027 \(Asia\/Shanghai, priority 10\)\n {2}2027-01-08 00:00 {2}seeding\n {2}2027-01-22 00:00 {2}growing\n {2}2027-02-01 20:00 {2}harvest\n {2}2027-02-06 00:00 {2}nurture\n {2}2027-02-20 00:00 {2}ends/);
    expect(out).toContain('  2027-02-01 19:30 → 2027-02-01 22:30  live stream dumplings (floor live)');
    expect(out).toContain('  2027-01-25 20:00 → 2027-01-25 21:30  live stream tea-tasting (floor live, with a replay)');
    expect(out).toMatch(/at 2027-02-02T12:00\+08:00 as ageBand=under-18: spring-festival-2027, phase harvest \(until 2027-02-06 00:00, then nurture\)/);
    expect(out).not.toContain('shopping-guide'); // that floor is for adults
  });

  it('an invalid file: exit 1 and every issue at once, each at its line and column', async () => {
    const broken = spring
      .replace('"timeZone": "Asia/Shanghai"', '"timeZone": "Asia/Shangai"')
      .replace('"limit": 8,', '"limt": 8,')
      .replace('"theme": "spring-red"', '"theme": "spring-gold"');
    const { code, out } = await validate(broken);
    expect(code).toBe(1);
    const lines = broken.split('\n');
    const at = (needle: string) => {
      const line = lines.findIndex((l) => l.includes(needle));
      return `${line + 1}:${lines[line]!.indexOf(needle) + 1}`;
    };
    expect(out).toContain(`FILE:${at('"limt"')}  error  scenes[0].floors[0].limt: unknown field "limt": did you mean "limit"?`);
    expect(out).toContain(`FILE:${at('"timeZone"')}  error  scenes[0].schedule.timeZone: unknown IANA time zone "Asia/Shangai"`);
    expect(out).toContain(`FILE:${at('"theme": "spring-gold"')}  error  scenes[0].theme: unknown theme "spring-gold"; did you mean "spring-red"?`);
    expect(out).toMatch(/\n3 errors\n/);
  });

  it('ten mistakes of every kind: all ten in one pass, each with a line and column', async () => {
    const { code, out } = await validate(JSON.stringify(withTenMistakes(JSON.parse(spring)), null, 2));
    expect(code).toBe(1);
    const reported = [...out.matchAll(/^FILE:(\d+):(\d+) {2}error {2}(\S+):/gm)].map((m) => m[3]);
    expect(new Set(reported)).toEqual(new Set(TEN_MISTAKE_PATHS));
    expect(out).toMatch(/\n10 errors\n/);
  });

  it('text that is not JSON: exit 1 with the line and column', async () => {
    const { code, out } = await validate('{\n  "scenes": [1,, 2]\n}');
    expect(code).toBe(1);
    expect(out).toBe('FILE: not valid JSON: unexpected "," at line 2, column 16\n');
  });

  it('--catalog flags a floor that matches nothing, and a low-contrast theme; --strict makes warnings fail', async () => {
    const config = JSON.parse(spring);
    config.scenes[0].floors[1].source = { categories: ['Snow tyres'] };
    const theme = Object.keys(config.themes)[0]!;
    config.themes[theme].colors.text = '#ffffff';
    config.themes[theme].colors.background = '#ff4400';
    const catalog = join(dir, 'catalog.json');
    writeFileSync(catalog, readFileSync(join(process.cwd(), 'demo/dist/generated/catalog.json')));
    const text = JSON.stringify(config, null, 2);
    const { code, out } = await validate(text, '--catalog', catalog);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`warning {2}scenes\\[0\\]\\.floors\\[1\\]\\.source: floor "${config.scenes[0].floors[1].id}" matches none of the \\d+ products`));
    expect(out).toMatch(/warning {2}themes\.[\w-]+\.colors\.text: #ffffff on the background #ff4400 has a contrast of 3\.45:1/);
    // The other floors match: one empty-floor warning only.
    expect(out.match(/matches none of/g)).toHaveLength(1);
    expect((await validate(text, '--catalog', catalog, '--strict')).code).toBe(1);
  });
});
