import { formatPath } from '../util/issues.ts';
import { has } from '../util/own.ts';
import { sceneConfigSchema, type SceneConfig } from './scene-schema.ts';
import { isTimeZone, parseZoned } from './zoned-time.ts';
import { toJson } from '../util/to-json.ts';
import { contrastRatio } from './contrast.ts';

/** One problem in a scene config: where (a JSON path) and what, in English and in Chinese. */
export interface SceneIssue {
  path: string;
  message: string;
  messageZh: string;
}

/** The outcome of {@link parseSceneConfig}; `warnings` name what was cut to fit the limits. */
export type SceneConfigResult = { ok: true; value: SceneConfig; warnings: SceneIssue[] } | { ok: false; issues: SceneIssue[] };

/** What a scene config may hold; past these it is refused with a clear message, before any other check. */
export const SCENE_LIMITS = {
  /** Characters of JSON text. */
  bytes: 5_000_000,
  scenes: 50,
  themes: 50,
  floorsPerScene: 50,
  /** Characters of any one text; longer ones are cut (with a warning), never rendered whole. */
  text: 500,
  /** Nesting of objects and arrays (audience rules nest). */
  depth: 24,
} as const;

const tooMany = (path: string, count: number, max: number, what: string): SceneIssue => ({
  path,
  message: `${count.toLocaleString('en')} ${what}; at most ${max} are allowed`,
  messageZh: `共 ${count} 个${what === 'floors' ? '楼层' : what === 'scenes' ? '场景' : '主题'}，最多允许 ${max} 个`,
});

/** Refuses a config past the count limits (cheaply, before any schema check) and cuts long texts. */
function limit(input: unknown): { value: unknown; issues: SceneIssue[]; warnings: SceneIssue[] } {
  const issues: SceneIssue[] = [];
  const warnings: SceneIssue[] = [];
  const root = input as { scenes?: unknown; themes?: unknown } | null;
  if (root && typeof root === 'object') {
    if (Array.isArray(root.scenes)) {
      if (root.scenes.length > SCENE_LIMITS.scenes) issues.push(tooMany('scenes', root.scenes.length, SCENE_LIMITS.scenes, 'scenes'));
      root.scenes.slice(0, SCENE_LIMITS.scenes).forEach((scene: unknown, s) => {
        const floors = (scene as { floors?: unknown } | null)?.floors;
        if (Array.isArray(floors) && floors.length > SCENE_LIMITS.floorsPerScene) issues.push(tooMany(`scenes[${s}].floors`, floors.length, SCENE_LIMITS.floorsPerScene, 'floors'));
      });
    }
    if (root.themes && typeof root.themes === 'object') {
      const count = Object.keys(root.themes).length;
      if (count > SCENE_LIMITS.themes) issues.push(tooMany('themes', count, SCENE_LIMITS.themes, 'themes'));
    }
  }
  if (issues.length) return { value: input, issues, warnings };
  const cut = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === 'string') {
      if (value.length <= SCENE_LIMITS.text) return value;
      const where = formatPath(path);
      warnings.push({ path: where, message: `${value.length.toLocaleString('en')} characters; cut to ${SCENE_LIMITS.text}`, messageZh: `共 ${value.length} 个字符，已截断为 ${SCENE_LIMITS.text} 个` });
      return value.slice(0, SCENE_LIMITS.text);
    }
    if (!value || typeof value !== 'object') return value;
    if (path.length > SCENE_LIMITS.depth) {
      issues.push({ path: formatPath(path), message: `nested more than ${SCENE_LIMITS.depth} levels deep`, messageZh: `嵌套超过 ${SCENE_LIMITS.depth} 层` });
      return value;
    }
    if (Array.isArray(value)) return value.map((v, i) => cut(v, [...path, i]));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cut(v, [...path, k])]));
  };
  const value = cut(input, []);
  return { value, issues, warnings };
}

/** Chinese for the English messages our schema's checks carry. */
const ZH: Record<string, string> = {
  'an id is lowercase letters, digits and dashes, e.g. "new-year-goods"': 'ID 只能包含小写字母、数字和连字符，例如 "new-year-goods"',
  'a colour such as "#d4241c" or "rgb(212 36 28)"': '应为颜色，例如 "#d4241c" 或 "rgb(212 36 28)"',
  'a date such as "2027-01-28" or "2027-01-28T20:00", optionally with an offset "+08:00"': '应为日期，例如 "2027-01-28" 或 "2027-01-28T20:00"，可带时区偏移 "+08:00"',
  'must be an http(s) URL or a path on this site': '应为 http(s) 地址或本站路径',
  'a locale such as "en" or "zh-CN"': '应为语言代码，例如 "en" 或 "zh-CN"',
  'a minimum width in px, e.g. "560"': '应为最小宽度（像素），例如 "560"',
  'a scene needs at least one floor': '每个场景至少需要一个楼层',
  'the config needs at least one scene': '配置至少需要一个场景',
  'an A/B test needs at least two variants': 'A/B 测试至少需要两个版本',
};
const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', boolean: '布尔值', array: '数组', object: '对象', undefined: '空' };

interface RawIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  input?: unknown;
  keys?: string[];
  values?: unknown[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function translate(issue: RawIssue): { message: string; messageZh: string }[] {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return [{ message: `required (${issue.expected})`, messageZh: `必填（${TYPE_ZH[issue.expected!] ?? issue.expected}）` }];
      return [{ message: `expected ${issue.expected}, got ${typeName(issue.input)}`, messageZh: `应为${TYPE_ZH[issue.expected!] ?? issue.expected}，实际是${TYPE_ZH[typeName(issue.input)] ?? typeName(issue.input)}` }];
    case 'invalid_value': {
      const list = (issue.values ?? []).map((v) => toJson(v)).join(', ');
      return [{ message: `must be one of ${list}`, messageZh: `必须是以下之一：${list}` }];
    }
    case 'invalid_union':
      return [{ message: 'expected text, or text per locale such as { "en": "…", "zh-CN": "…" }', messageZh: '应为文本，或按语言区分的文本，例如 { "en": "…", "zh-CN": "…" }' }];
    case 'too_small':
      if (ZH[issue.message]) return [{ message: issue.message, messageZh: ZH[issue.message]! }];
      return issue.origin === 'string'
        ? [{ message: 'must not be empty', messageZh: '不能为空' }]
        : issue.origin === 'array'
          ? [{ message: `needs at least ${issue.minimum} entries`, messageZh: `至少需要 ${issue.minimum} 项` }]
          : [{ message: `must be at least ${issue.minimum}`, messageZh: `不能小于 ${issue.minimum}` }];
    case 'too_big':
      return [{ message: `must be at most ${issue.maximum}`, messageZh: `不能大于 ${issue.maximum}` }];
    case 'invalid_format':
      return [{ message: `must be ${issue.message}`, messageZh: ZH[issue.message] ?? issue.message }];
    default:
      return [{ message: issue.message, messageZh: ZH[issue.message] ?? issue.message }];
  }
}

/** Messages for zod issues; unknown keys become one issue each, at their own path. */
function fromZod(issues: RawIssue[]): SceneIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(sceneConfigSchema, issue.path);
      return (issue.keys ?? []).map((key) => {
        const near = closest(key, known);
        return {
          path: formatPath([...issue.path, key]),
          message: near ? `unknown field "${key}": did you mean "${near}"?` : `unknown field "${key}" (a typo?)${known.length ? `; known here: ${known.join(', ')}` : ''}`,
          messageZh: near ? `未知字段 "${key}"：是否想写 "${near}"？` : `未知字段 "${key}"（拼写错误？）${known.length ? `；此处可用：${known.join('、')}` : ''}`,
        };
      });
    }
    return translate(issue).map((m) => ({ path: formatPath(issue.path), ...m }));
  });
}

const KINDS = ['all', 'any', 'not', 'trait', 'interest', 'device', 'visitor', 'rfm', 'rfmScore', 'aipl'];

function checkAudience(rule: Record<string, unknown>, path: string, out: SceneIssue[]): void {
  const kinds = KINDS.filter((k) => has(rule, k));
  if (kinds.length !== 1) {
    out.push({
      path,
      message: kinds.length ? `use one test per rule (found ${kinds.join(' and ')}); combine them with "all" or "any"` : `name one test: ${KINDS.join(', ')}`,
      messageZh: kinds.length ? `每条规则只能有一个条件（发现 ${kinds.join('、')}），请用 "all" 或 "any" 组合` : `请指定一个条件：${KINDS.join('、')}`,
    });
  }
  if (has(rule, 'trait') && !has(rule, 'in')) out.push({ path: `${path}.in`, message: 'a trait rule needs "in": the values that match', messageZh: '属性规则需要 "in"：匹配的取值' });
  if (has(rule, 'in') && !has(rule, 'trait')) out.push({ path: `${path}.trait`, message: '"in" needs the "trait" it applies to', messageZh: '"in" 需要对应的 "trait"' });
  for (const key of ['all', 'any'] as const) {
    (rule[key] as Record<string, unknown>[] | undefined)?.forEach((r, i) => checkAudience(r, `${path}.${key}[${i}]`, out));
  }
  if (rule.not) checkAudience(rule.not as Record<string, unknown>, `${path}.not`, out);
}

/** Reads a field of something that may not be an object (the config may be malformed anywhere). */
type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Checks that need the whole config: references, dates, order, uniqueness. Runs on the config as
 * given, even where its structure is wrong, so every mistake is reported in one pass; a field of
 * the wrong type is skipped here (the structural check names it).
 */
function checkMeaning(config: unknown): SceneIssue[] {
  const out: SceneIssue[] = [];
  const themeMap = obj(obj(config).themes);
  const themes = Object.keys(themeMap);
  const sceneIds = new Map<string, number>();
  list(obj(config).scenes).forEach((raw, s) => {
    const scene = obj(raw);
    const at = `scenes[${s}]`;
    const id = str(scene.id);
    const first = id === undefined ? undefined : sceneIds.get(id);
    if (first !== undefined) out.push({ path: `${at}.id`, message: `duplicate id "${id}" (also scenes[${first}])`, messageZh: `ID "${id}" 重复（与 scenes[${first}] 相同）` });
    else if (id !== undefined) sceneIds.set(id, s);
    const theme = str(scene.theme);
    if (theme !== undefined && !has(themeMap, theme)) {
      const near = closest(theme, themes);
      out.push({
        path: `${at}.theme`,
        message: `unknown theme "${theme}"; ${near ? `did you mean "${near}"? ` : ''}defined: ${themes.join(', ') || 'none'}`,
        messageZh: `未定义的主题 "${theme}"；${near ? `是否想写 "${near}"？` : ''}已定义：${themes.join('、') || '无'}`,
      });
    }
    const schedule = obj(scene.schedule);
    const timeZone = str(schedule.timeZone);
    const zoneOk = timeZone !== undefined && isTimeZone(timeZone);
    if (timeZone !== undefined && !zoneOk) out.push({ path: `${at}.schedule.timeZone`, message: `unknown IANA time zone "${timeZone}", e.g. "Asia/Shanghai"`, messageZh: `未知的 IANA 时区 "${timeZone}"，例如 "Asia/Shanghai"` });
    const zone = zoneOk ? timeZone : 'UTC';
    /** The time of a date field; NaN (and no second message) when the field is missing or not a date at all. */
    const when = (value: string | undefined, path: string) => {
      if (value === undefined || !/^\d{4}-\d{2}-\d{2}/.test(value)) return NaN;
      const t = parseZoned(value, zone);
      if (Number.isNaN(t)) out.push({ path, message: `not a real date: "${value}"`, messageZh: `不是有效日期："${value}"` });
      return t;
    };
    const startText = str(schedule.start);
    const endText = str(schedule.end);
    const start = when(startText, `${at}.schedule.start`);
    const end = when(endText, `${at}.schedule.end`);
    if (end <= start) out.push({ path: `${at}.schedule.end`, message: `must be after start (${startText})`, messageZh: `必须晚于开始时间（${startText}）` });
    let previous = { name: 'start', value: startText, time: start };
    const phases = obj(schedule.phases);
    for (const phase of ['growing', 'harvest', 'nurture'] as const) {
      const value = str(phases[phase]);
      if (!value) continue;
      const path = `${at}.schedule.phases.${phase}`;
      const t = when(value, path);
      if (Number.isNaN(t)) continue;
      if (t <= previous.time) out.push({ path, message: `must be after ${previous.name} (${previous.value})`, messageZh: `必须晚于 ${previous.name}（${previous.value}）` });
      else if (t >= end) out.push({ path, message: `must be before end (${endText})`, messageZh: `必须早于结束时间（${endText}）` });
      previous = { name: phase, value, time: t };
    }
    if (scene.audience !== undefined) checkAudience(obj(scene.audience), `${at}.audience`, out);
    const couponIds = new Set<string>();
    /** A list of floors (the scene's, or a variant's): ids, sources, layouts and what they need. */
    const checkFloors = (floors: unknown, path: string) => {
      const floorIds = new Map<string, number>();
      list(floors).forEach((rawFloor, f) => {
        const floor = obj(rawFloor);
        const fat = `${path}[${f}]`;
        const floorId = str(floor.id);
        const firstFloor = floorId === undefined ? undefined : floorIds.get(floorId);
        if (firstFloor !== undefined) out.push({ path: `${fat}.id`, message: `duplicate floor id "${floorId}" (also floors[${firstFloor}])`, messageZh: `楼层 ID "${floorId}" 重复（与 floors[${firstFloor}] 相同）` });
        else if (floorId !== undefined) floorIds.set(floorId, f);
        const layout = str(floor.layout) ?? 'grid';
        const source = obj(floor.source);
        if (floor.source !== undefined && !['categories', 'tags', 'brands', 'ids'].some((key) => list(source[key]).length)) {
          out.push({ path: `${fat}.source`, message: 'name at least one of categories, tags, brands or ids', messageZh: '至少指定 categories、tags、brands 或 ids 之一' });
        } else if (floor.source === undefined && layout !== 'live') {
          out.push({ path: `${fat}.source`, message: 'a floor needs a source: categories, tags, brands or ids (only a "live" floor may show its streams alone)', messageZh: '楼层需要商品来源：categories、tags、brands 或 ids（只有 "live" 楼层可以只展示直播）' });
        }
        // What a layout needs, and what only one layout uses.
        for (const [key, owner] of [['group', 'group-buy'], ['streams', 'live']] as const) {
          if (floor[key] === undefined && layout === owner) out.push({ path: `${fat}.${key}`, message: `a "${owner}" floor needs "${key}"`, messageZh: `"${owner}" 楼层需要 "${key}"` });
          if (floor[key] !== undefined && layout !== owner) out.push({ path: `${fat}.${key}`, message: `"${key}" is used only by a floor with layout "${owner}" (this one is "${layout}")`, messageZh: `"${key}" 只用于 layout 为 "${owner}" 的楼层（本楼层为 "${layout}"）` });
        }
        when(str(obj(floor.group).ends), `${fat}.group.ends`);
        const streamIds = new Set<string>();
        list(floor.streams).forEach((rawStream, i) => {
          const stream = obj(rawStream);
          const sat = `${fat}.streams[${i}]`;
          const streamId = str(stream.id);
          if (streamId !== undefined && streamIds.has(streamId)) out.push({ path: `${sat}.id`, message: `duplicate stream id "${streamId}"`, messageZh: `直播 ID "${streamId}" 重复` });
          if (streamId !== undefined) streamIds.add(streamId);
          const from = when(str(stream.start), `${sat}.start`);
          if (when(str(stream.end), `${sat}.end`) <= from) out.push({ path: `${sat}.end`, message: `must be after start (${str(stream.start)})`, messageZh: `必须晚于开始时间（${str(stream.start)}）` });
        });
        if (floor.audience !== undefined) checkAudience(obj(floor.audience), `${fat}.audience`, out);
        const floorVariants = new Set<string>();
        list(floor.variants).forEach((rawVariant, v) => {
          const variantId = str(obj(rawVariant).id);
          if (variantId !== undefined && floorVariants.has(variantId)) out.push({ path: `${fat}.variants[${v}].id`, message: `duplicate variant id "${variantId}"`, messageZh: `版本 ID "${variantId}" 重复` });
          if (variantId !== undefined) floorVariants.add(variantId);
        });
        const couponId = str(obj(floor.coupon).id);
        if (couponId !== undefined && path === `${at}.floors`) {
          if (couponIds.has(couponId)) out.push({ path: `${fat}.coupon.id`, message: `duplicate coupon id "${couponId}"`, messageZh: `优惠券 ID "${couponId}" 重复` });
          couponIds.add(couponId);
        }
      });
    };
    checkFloors(scene.floors, `${at}.floors`);
    const variantIds = new Set<string>();
    list(scene.variants).forEach((rawVariant, v) => {
      const variant = obj(rawVariant);
      const vat = `${at}.variants[${v}]`;
      const variantId = str(variant.id);
      if (variantId !== undefined) {
        if (variantIds.has(variantId)) out.push({ path: `${vat}.id`, message: `duplicate variant id "${variantId}"`, messageZh: `版本 ID "${variantId}" 重复` });
        variantIds.add(variantId);
      }
      checkFloors(variant.floors, `${vat}.floors`);
      const variantTheme = str(variant.theme);
      if (variantTheme !== undefined && !has(themeMap, variantTheme)) {
        out.push({ path: `${vat}.theme`, message: `unknown theme "${variantTheme}"; defined: ${themes.join(', ') || 'none'}`, messageZh: `未定义的主题 "${variantTheme}"；已定义：${themes.join('、') || '无'}` });
      }
    });
    const mix = obj(obj(scene.waterfall).mix);
    const shares = [mix.personalised, mix.trending, mix.exploration];
    if (shares.every((n) => typeof n === 'number')) {
      const sum = (shares as number[]).reduce((x, y) => x + y, 0);
      if (Math.abs(sum - 1) > 0.001) out.push({ path: `${at}.waterfall.mix`, message: `shares must add up to 1 (now ${+sum.toFixed(3)})`, messageZh: `各项比例之和必须为 1（现为 ${+sum.toFixed(3)}）` });
    }
  });
  return out;
}

/** Edit distance of two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The known name nearest to a typo, when it is near enough to be what was meant. */
function closest(typo: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.min(3, Math.floor(typo.length / 3)));
  for (const name of known) {
    const d = distance(typo, name);
    if (d <= bestDistance && (best === undefined || d < distance(typo, best))) (best = name), (bestDistance = d);
  }
  return best;
}

type ZodNode = { _zod?: { def?: Record<string, unknown> } };
/** The field names the schema allows at `path` (for "did you mean" on an unknown key). */
function keysAt(schema: unknown, path: PropertyKey[]): string[] {
  let node = schema as ZodNode | undefined;
  const unwrap = (n: ZodNode | undefined): ZodNode | undefined => {
    for (let i = 0; i < 10 && n; i++) {
      const def = n._zod?.def;
      if (!def) return undefined;
      if (def.innerType) n = def.innerType as ZodNode;
      else if (def.type === 'pipe') n = def.in as ZodNode;
      else if (def.type === 'lazy') n = (def.getter as () => ZodNode)();
      else return n;
    }
    return n;
  };
  for (const key of path) {
    node = unwrap(node);
    const def = node?._zod?.def;
    if (!def) return [];
    if (def.type === 'object') node = (def.shape as Record<string, ZodNode>)[String(key)];
    else if (def.type === 'array') node = def.element as ZodNode;
    else if (def.type === 'record') node = def.valueType as ZodNode;
    else if (def.type === 'union') node = (def.options as ZodNode[]).map(unwrap).find((o) => o?._zod?.def?.type === 'object' && String(key) in (o._zod.def.shape as object));
    else return [];
  }
  node = unwrap(node);
  const def = node?._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

/**
 * Checks a marketer's scene config (an object, or its JSON text) and returns every issue with its
 * JSON path and a plain-language message in English and Chinese, e.g.
 * `scenes[0].schedule.end: must be after start (2027-01-15)`. Unknown keys are reported. Never throws.
 */
export function parseSceneConfig(json: unknown): SceneConfigResult {
  let input = json;
  if (typeof json === 'string') {
    if (json.length > SCENE_LIMITS.bytes) {
      return { ok: false, issues: [{ path: '(root)', message: `${json.length.toLocaleString('en')} characters of JSON; at most ${SCENE_LIMITS.bytes.toLocaleString('en')}`, messageZh: `JSON 共 ${json.length} 个字符，最多允许 ${SCENE_LIMITS.bytes} 个` }] };
    }
    try {
      input = JSON.parse(json);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, issues: [{ path: '(root)', message: `not valid JSON: ${detail}`, messageZh: `不是有效的 JSON：${detail}` }] };
    }
  }
  const limited = limit(input);
  if (limited.issues.length) return { ok: false, issues: limited.issues };
  const parsed = sceneConfigSchema.safeParse(limited.value, { reportInput: true });
  // Structure and meaning are checked together: every mistake in one pass (one message per path).
  const structural = parsed.success ? [] : fromZod(parsed.error.issues as unknown as RawIssue[]);
  const reported = new Set(structural.map((i) => i.path));
  const issues = [...structural, ...checkMeaning(parsed.success ? parsed.data : limited.value).filter((i) => !reported.has(i.path))];
  if (!parsed.success || issues.length) return { ok: false, issues };
  return { ok: true, value: parsed.data, warnings: [...limited.warnings, ...contrastWarnings(parsed.data)] };
}

/** WCAG AA for normal text: 4.5:1. */
const AA = 4.5;

/** A theme whose text is hard to read on its background is allowed, with a warning naming both colours. */
function contrastWarnings(config: SceneConfig): SceneIssue[] {
  const warnings: SceneIssue[] = [];
  for (const [id, theme] of Object.entries(config.themes)) {
    const { text, background } = theme.colors;
    const ratio = contrastRatio(text, background);
    if (ratio < AA) {
      const shown = ratio.toFixed(2);
      warnings.push({
        path: `themes.${id}.colors.text`,
        message: `${text} on the background ${background} has a contrast of ${shown}:1; WCAG AA asks for at least ${AA}:1 — darken the text or lighten the background`,
        messageZh: `文字颜色 ${text} 与背景 ${background} 的对比度为 ${shown}:1，低于 WCAG AA 要求的 ${AA}:1，请加深文字或调亮背景`,
      });
    }
  }
  return warnings;
}

/** One line per issue, for the console: `path: message`. */
export function sceneIssuesToText(issues: SceneIssue[], locale: string = 'en'): string {
  const zh = locale.toLowerCase().startsWith('zh');
  return issues.map((i) => `${i.path}: ${zh ? i.messageZh : i.message}`).join('\n');
}
