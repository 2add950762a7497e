import type { Preview } from '@shopscene/core';

// The part for a marketer's preview: loaded only on a page whose URL asks for one, on a store that
// turned previews on (data-preview="url"); the loader itself only looks for the parameters' names.
const DEVICES = ['mobile', 'tablet', 'desktop'] as const;

/**
 * A marketer's preview from the page URL: `?shopscene-preview-time=2027-02-05T20:00+08:00` and
 * `&shopscene-preview-audience=ageBand:under-18,lifeStage:couple,device:mobile` and
 * `&shopscene-preview-variant=spring-festival-2027:b` (an A/B test's variant). Null without them.
 */
export function readPreview(search: string): Preview | null {
  const params = new URLSearchParams(search);
  const time = params.get('shopscene-preview-time');
  const audience = params.get('shopscene-preview-audience');
  const variants = params.get('shopscene-preview-variant');
  if (time === null && audience === null && variants === null) return null;
  const preview: Preview = {};
  if (time) {
    const parsed = Date.parse(time.replace(/ /g, '+'));
    if (Number.isFinite(parsed)) preview.time = parsed;
    else console.warn(`shopscene: shopscene-preview-time "${time}" is not a date such as 2027-02-05T20:00+08:00; previewing now`);
  }
  for (const pair of (audience ?? '').split(',').filter(Boolean)) {
    const [key, value] = pair.split(':').map((s) => s.trim());
    if (!key || !value) continue;
    if (key === 'device' && (DEVICES as readonly string[]).includes(value)) preview.device = value as Preview['device'];
    else preview.traits = { ...preview.traits, [key]: value }; // a computed key: `__proto__` stays a plain key
  }
  for (const pair of (variants ?? '').split(',').filter(Boolean)) {
    const [experiment, variant] = pair.split(':').map((s) => s.trim());
    if (experiment && variant) preview.variants = { ...preview.variants, [experiment]: variant };
  }
  return preview;
}
