import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseSceneConfig, sceneIssuesToText } from './parse-scene-config.ts';
import { sceneConfigJsonSchema } from './scene-json-schema.ts';
import { TEN_MISTAKE_PATHS, withTenMistakes } from '../test-support/ten-mistakes.ts';

// Tests run from the repository root; the demo's configs are the valid fixtures.
const fixture = (name: string) => JSON.parse(readFileSync(join(process.cwd(), 'demo/public/scenes', `${name}.json`), 'utf8'));
const VALID = { 'spring-festival': fixture('spring-festival'), 'double-11': fixture('double-11'), valentines: fixture('valentines') };
const base = () => structuredClone(VALID['spring-festival']);

/** A mistake a marketer could make: how to make it, where it is reported, and what the message says. */
const MISTAKES: [string, (c: any) => unknown, string, RegExp, RegExp][] = [
  ['wrong type', (c) => (c.scenes[0].priority = 'high'), 'scenes[0].priority', /expected number, got string/, /应为数字/],
  ['unknown key (a typo)', (c) => (c.scenes[0].floors[0].limt = 8), 'scenes[0].floors[0].limt', /unknown field "limt": did you mean "limit"\?/, /未知字段/],
  ['end before start', (c) => (c.scenes[0].schedule.end = '2027-01-01T00:00'), 'scenes[0].schedule.end', /^must be after start \(2027-01-08T00:00\)$/, /必须晚于开始时间/],
  ['bad colour', (c) => (c.themes['spring-red'].colors.primary = 'red-ish'), 'themes.spring-red.colors.primary', /must be a colour such as "#d4241c"/, /应为颜色/],
  ['bad time zone', (c) => (c.scenes[0].schedule.timeZone = 'Asia/Shangai'), 'scenes[0].schedule.timeZone', /unknown IANA time zone "Asia\/Shangai"/, /未知的 IANA 时区/],
  ['empty floors', (c) => (c.scenes[0].floors = []), 'scenes[0].floors', /a scene needs at least one floor/, /每个场景至少需要一个楼层/],
  ['unknown theme reference', (c) => (c.scenes[0].theme = 'spring-gold'), 'scenes[0].theme', /unknown theme "spring-gold"; did you mean "spring-red"\? defined: spring-red/, /未定义的主题/],
  ['duplicate scene ids', (c) => c.scenes.push(structuredClone(c.scenes[0])), 'scenes[1].id', /duplicate id "spring-festival-2027" \(also scenes\[0\]\)/, /重复/],
  ['duplicate floor ids', (c) => (c.scenes[0].floors[1].id = 'new-year-goods'), 'scenes[0].floors[1].id', /duplicate floor id "new-year-goods" \(also floors\[0\]\)/, /重复/],
  ['a date that does not exist', (c) => (c.scenes[0].schedule.phases.growing = '2027-02-30'), 'scenes[0].schedule.phases.growing', /not a real date: "2027-02-30"/, /不是有效日期/],
  ['badly written date', (c) => (c.scenes[0].schedule.start = '28/01/2027'), 'scenes[0].schedule.start', /must be a date such as "2027-01-28"/, /应为日期/],
  ['phases out of order', (c) => (c.scenes[0].schedule.phases.harvest = '2027-01-10T00:00'), 'scenes[0].schedule.phases.harvest', /must be after growing \(2027-01-22T00:00\)/, /必须晚于 growing/],
  ['phase after the end', (c) => (c.scenes[0].schedule.phases.nurture = '2027-03-01'), 'scenes[0].schedule.phases.nurture', /must be before end \(2027-02-20T00:00\)/, /必须早于结束时间/],
  ['unknown sort', (c) => (c.scenes[0].floors[0].sort = 'cheapest'), 'scenes[0].floors[0].sort', /must be one of "personalised", "popularity"/, /必须是以下之一/],
  ['floor with no source', (c) => (c.scenes[0].floors[2].source = {}), 'scenes[0].floors[2].source', /name at least one of categories, tags, brands or ids/, /至少指定/],
  ['limit out of range', (c) => (c.scenes[0].floors[0].limit = 500), 'scenes[0].floors[0].limit', /must be at most 60/, /不能大于 60/],
  ['bad id', (c) => (c.scenes[0].floors[0].id = 'New Year Goods'), 'scenes[0].floors[0].id', /lowercase letters, digits and dashes/, /小写字母/],
  ['audience with two tests in one rule', (c) => (c.scenes[0].audience = { trait: 'ageBand', in: ['25-34'], device: ['mobile'] }), 'scenes[0].audience', /use one test per rule \(found trait and device\)/, /每条规则只能有一个条件/],
  ['audience trait without values', (c) => (c.scenes[0].floors[5].audience = { not: { trait: 'ageBand' } }), 'scenes[0].floors[5].audience.not.in', /a trait rule needs "in"/, /属性规则需要 "in"/],
  ['mix that does not add up', (c) => (c.scenes[0].waterfall.mix.trending = 0.6), 'scenes[0].waterfall.mix', /shares must add up to 1 \(now 1.3\)/, /比例之和必须为 1/],
  ['missing required field', (c) => delete c.scenes[0].schedule.timeZone, 'scenes[0].schedule.timeZone', /required \(string\)/, /必填/],
  ['empty title', (c) => (c.scenes[0].floors[0].title = ''), 'scenes[0].floors[0].title', /must not be empty/, /不能为空/],
  ['title of the wrong kind', (c) => (c.scenes[0].floors[0].title = 2027), 'scenes[0].floors[0].title', /expected text, or text per locale/, /应为文本/],
  ['duplicate coupon', (c) => (c.scenes[0].floors[1].coupon.id = 'cny-groceries-20'), 'scenes[0].floors[1].coupon.id', /duplicate coupon id/, /优惠券 ID/],
  ['group-buy floor without its group', (c) => delete c.scenes[0].floors[3].group, 'scenes[0].floors[3].group', /^a "group-buy" floor needs "group"$/, /"group-buy" 楼层需要 "group"/],
  ['live floor without streams', (c) => delete c.scenes[0].floors[4].streams, 'scenes[0].floors[4].streams', /^a "live" floor needs "streams"$/, /"live" 楼层需要 "streams"/],
  ['streams on a grid floor', (c) => (c.scenes[0].floors[0].streams = c.scenes[0].floors[4].streams), 'scenes[0].floors[0].streams', /"streams" is used only by a floor with layout "live" \(this one is "grid"\)/, /只用于 layout 为 "live" 的楼层/],
  ['stream ending before it starts', (c) => (c.scenes[0].floors[4].streams[1].end = '2027-02-01T18:00'), 'scenes[0].floors[4].streams[1].end', /^must be after start \(2027-02-01T19:30\)$/, /必须晚于开始时间/],
  ['group of one', (c) => (c.scenes[0].floors[3].group.size = 1), 'scenes[0].floors[3].group.size', /must be at least 2/, /不能小于 2/],
  ['floor with no source at all', (c) => delete c.scenes[0].floors[0].source, 'scenes[0].floors[0].source', /a floor needs a source: categories, tags, brands or ids/, /楼层需要商品来源/],
];

describe('parseSceneConfig', () => {
  it.each(Object.entries(VALID))('accepts the %s config', (_, config) => {
    const result = parseSceneConfig(config);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('reads JSON text too, and says where JSON itself is broken', () => {
    expect(parseSceneConfig(JSON.stringify(VALID.valentines)).ok).toBe(true);
    const broken = parseSceneConfig('{ "scenes": [ }');
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.issues[0]).toMatchObject({ path: '(root)', message: expect.stringMatching(/^not valid JSON: /) });
  });

  it(`reports each of ${MISTAKES.length} distinct mistakes with its own path and message, in English and Chinese`, () => {
    const seen = new Set<string>();
    for (const [name, mistake, path, en, zh] of MISTAKES) {
      const config = base();
      mistake(config);
      const result = parseSceneConfig(config);
      expect(result.ok, name).toBe(false);
      if (result.ok) continue;
      const issue = result.issues.find((i) => i.path === path);
      expect(issue, `${name}: no issue at ${path}; got\n${sceneIssuesToText(result.issues)}`).toBeDefined();
      expect(issue!.message, name).toMatch(en);
      expect(issue!.messageZh, name).toMatch(zh);
      seen.add(`${issue!.path}|${issue!.message}`);
    }
    expect(seen.size).toBe(MISTAKES.length);
  });

  it('accepts a theme whose text is hard to read on its background, with a contrast warning in both languages', () => {
    for (const config of Object.values(VALID)) expect((parseSceneConfig(config) as { warnings: unknown[] }).warnings).toEqual([]);
    const config = base();
    const [id] = Object.keys(config.themes);
    config.themes[id!].colors.text = '#ffffff';
    config.themes[id!].colors.background = '#ff4400';
    const result = parseSceneConfig(config);
    expect(result.ok).toBe(true);
    const warnings = result.ok ? result.warnings : [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ path: `themes.${id}.colors.text`, message: expect.stringMatching(/contrast of 3\.45:1; WCAG AA asks for at least 4\.5:1/) });
    expect(sceneIssuesToText(warnings, 'zh-CN')).toMatch(/对比度为 3\.45:1/);
    expect(sceneIssuesToText(warnings, 'en-GB')).toMatch(/contrast of 3\.45:1/);
  });

  it('reports ten mistakes of every kind — structure, time zone, dates, phase order, theme, source, audience, typos — in one pass', () => {
    const result = parseSceneConfig(withTenMistakes(base()));
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(new Set(paths)).toEqual(new Set(TEN_MISTAKE_PATHS));
    expect(paths).toHaveLength(10);
    for (const issue of result.ok ? [] : result.issues) expect(issue.messageZh, issue.path).toMatch(/[\u4e00-\u9fff]/);
  });

  it('reports every issue at once, not just the first', () => {
    const config = base();
    config.scenes[0].theme = 'nope';
    config.scenes[0].schedule.timeZone = 'Mars/Olympus';
    config.scenes[0].floors[0].source = {};
    const result = parseSceneConfig(config);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(['scenes[0].theme', 'scenes[0].schedule.timeZone', 'scenes[0].floors[0].source']);
  });
});

describe('the shipped JSON Schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(sceneConfigJsonSchema());

  it('is the one generated from the zod schema (run `pnpm scene-schema` after changing it)', () => {
    const shipped = readFileSync(join(process.cwd(), 'packages/core/scene-config.schema.json'), 'utf8');
    expect(shipped).toBe(`${JSON.stringify(sceneConfigJsonSchema(), null, 2)}\n`);
  });

  it.each(Object.entries(VALID))('accepts the valid %s config', (_, config) => {
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  /** Mistakes of structure (not of meaning across the file) are what a JSON Schema can see. */
  const STRUCTURAL = ['wrong type', 'unknown key (a typo)', 'bad colour', 'empty floors', 'badly written date', 'unknown sort', 'limit out of range', 'bad id', 'missing required field', 'empty title'];
  it.each(STRUCTURAL)('rejects the structural mistake: %s', (name) => {
    const [, mistake] = MISTAKES.find(([n]) => n === name)!;
    const config = base();
    mistake(config);
    expect(validate(config)).toBe(false);
    expect(parseSceneConfig(config).ok).toBe(false);
  });
});
